package dev.celador.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The audit's results for one report scope: a namespace, or "" for cluster-scoped objects. It
 * keeps the listed entries (fail, warn, error) of each object and only counts its passes and
 * skips, so memory follows the violations, not the inventory. An object's results are replaced
 * as a whole when it is audited again, and removed when it is deleted.
 */
public final class NamespaceResults {

    /** What one object contributes: counts of unlisted results, and the listed entries. */
    private record Tally(int pass, int skip, List<ReportEntry> listed) {
    }

    private final String namespace;
    private final Map<String, Tally> byObject = new HashMap<>();
    private final int[] summary = new int[5];
    /**
     * Entries added without an object key (a one-off pass that never replaces): the first retain
     * of them in report order, the last of those at the head, so a better entry replaces it.
     */
    private final java.util.PriorityQueue<ReportEntry> appended = new java.util.PriorityQueue<>(java.util.Comparator.reverseOrder());
    private int retain = Integer.MAX_VALUE;

    public NamespaceResults(String namespace) {
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    /**
     * Replaces the results of one object (key from {@link ResourceRef#key()}). An entry with the
     * same verdict as before keeps its first foundAt, so an unchanged report stays byte-identical.
     */
    public void replace(String objectKey, List<ReportEntry> entries) {
        Tally old = byObject.remove(objectKey);
        if (old != null) {
            count(old, -1);
        }
        if (entries.isEmpty()) {
            return;
        }
        int pass = 0;
        int skip = 0;
        List<ReportEntry> listed = null;
        for (ReportEntry e : entries) {
            switch (e.result()) {
                case "pass" -> pass++;
                case "skip" -> skip++;
                default -> {
                    if (listed == null) {
                        listed = new ArrayList<>(2);
                    }
                    listed.add(old == null ? e : keepFirstSeen(e, old.listed()));
                }
            }
        }
        Tally tally = new Tally(pass, skip, listed == null ? List.of() : List.copyOf(listed));
        byObject.put(objectKey, tally);
        count(tally, 1);
    }

    /**
     * Adds one object's results in a pass that never replaces them (the CLI over a dump): no
     * per-object bookkeeping, and only the first retain listed entries in report order are kept,
     * which is all a report capped at retain results can show; the summary still counts all.
     */
    public void add(List<ReportEntry> entries) {
        for (ReportEntry e : entries) {
            switch (e.result()) {
                case "pass" -> summary[0]++;
                case "skip" -> summary[4]++;
                default -> {
                    summary[e.result().equals("fail") ? 1 : e.result().equals("warn") ? 2 : 3]++;
                    if (appended.size() < retain) {
                        appended.add(e);
                    } else if (e.compareTo(appended.peek()) < 0) {
                        appended.poll();
                        appended.add(e);
                    }
                }
            }
        }
    }

    /**
     * Counts passes and skips whose entries are not added (a pass that keeps its listed entries
     * elsewhere and adds only those back, as the CLI over a dump does).
     */
    public void countUnlisted(int pass, int skip) {
        summary[0] += pass;
        summary[4] += skip;
    }

    /** Keeps at most this many appended entries (the smallest in report order). */
    public NamespaceResults retain(int max) {
        this.retain = max;
        return this;
    }

    public void remove(String objectKey) {
        replace(objectKey, List.of());
    }

    /** Drops the entries of policies the predicate names (a policy deleted or changed), keeping the rest of each object. */
    public void removePolicies(Predicate<String> policy) {
        for (Map.Entry<String, Tally> e : new ArrayList<>(byObject.entrySet())) {
            Tally t = e.getValue();
            if (t.listed().stream().anyMatch(x -> policy.test(x.policy()))) {
                count(t, -1);
                Tally kept = new Tally(t.pass(), t.skip(), t.listed().stream().filter(x -> !policy.test(x.policy())).toList());
                e.setValue(kept);
                count(kept, 1);
            }
        }
    }

    /** Removes every object the predicate does not keep (objects a full pass no longer found). */
    public void retainObjects(Predicate<String> keep) {
        for (String key : new ArrayList<>(byObject.keySet())) {
            if (!keep.test(key)) {
                remove(key);
            }
        }
    }

    public boolean isEmpty() {
        return byObject.isEmpty() && appended.isEmpty() && summary().total() == 0;
    }

    public int objects() {
        return byObject.size();
    }

    /** Counts of pass, fail, warn, error and skip over every object, listed or not. */
    public Summary summary() {
        return new Summary(summary[0], summary[1], summary[2], summary[3], summary[4]);
    }

    /** Every listed entry kept, in report order (see {@link ReportEntry#compareTo}). */
    public List<ReportEntry> listed() {
        List<ReportEntry> all = new ArrayList<>(appended);
        byObject.values().forEach(t -> all.addAll(t.listed()));
        all.sort(null);
        return all;
    }

    public record Summary(int pass, int fail, int warn, int error, int skip) {

        /** fail, warn and error: the results a report lists. */
        public int listed() {
            return fail + warn + error;
        }

        public int total() {
            return pass + fail + warn + error + skip;
        }
    }

    private static ReportEntry keepFirstSeen(ReportEntry e, List<ReportEntry> before) {
        for (ReportEntry b : before) {
            if (b.sameVerdict(e)) {
                return e.foundAt(b.foundAt());
            }
        }
        return e;
    }

    private void count(Tally t, int sign) {
        summary[0] += sign * t.pass();
        summary[4] += sign * t.skip();
        for (ReportEntry e : t.listed()) {
            switch (e.result()) {
                case "fail" -> summary[1] += sign;
                case "warn" -> summary[2] += sign;
                default -> summary[3] += sign;
            }
        }
    }
}
