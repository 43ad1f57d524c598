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

    /**
     * What one object contributes: the policies that passed or skipped it (names only: a report
     * counts them, and a policy change must know whose they are), and the listed entries.
     */
    private record Tally(List<String> passed, List<String> skipped, List<ReportEntry> listed) {

        static final Tally NONE = new Tally(List.of(), List.of(), List.of());

        Tally without(Predicate<String> policies) {
            return new Tally(passed.stream().filter(p -> !policies.test(p)).toList(), skipped.stream().filter(p -> !policies.test(p)).toList(),
                    listed.stream().filter(e -> !policies.test(e.policy())).toList());
        }

        boolean isEmpty() {
            return passed.isEmpty() && skipped.isEmpty() && listed.isEmpty();
        }

        /** The same content: the same policies passed and skipped, the same listed entries with the same first-seen times. */
        boolean sameAs(Tally o) {
            return sorted(passed).equals(sorted(o.passed)) && sorted(skipped).equals(sorted(o.skipped))
                    && new java.util.HashSet<>(listed).equals(new java.util.HashSet<>(o.listed)) && listed.size() == o.listed.size();
        }

        private static List<String> sorted(List<String> names) {
            return names.size() < 2 ? names : names.stream().sorted().toList();
        }
    }

    /** Distinct lists of policy names kept for sharing, at most this many per scope. */
    private static final int NAME_LISTS = 256;

    private final String namespace;
    private final Map<String, Tally> byObject = new HashMap<>();
    private final Map<List<String>, List<String>> nameLists = new HashMap<>();
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
     * Returns whether the object's content changed.
     */
    public boolean replace(String objectKey, List<ReportEntry> entries) {
        return replacePolicies(objectKey, p -> true, entries);
    }

    /**
     * Replaces the results of the given policies on one object, keeping those of every other policy
     * (a policy change judges the object again with the changed policies only). An object not held
     * yet gets the entries alone. Returns whether the object's content changed.
     */
    public boolean replacePolicies(String objectKey, Predicate<String> policies, List<ReportEntry> entries) {
        Tally old = byObject.getOrDefault(objectKey, Tally.NONE);
        Tally kept = old.without(policies);
        List<String> passed = new ArrayList<>(kept.passed());
        List<String> skipped = new ArrayList<>(kept.skipped());
        List<ReportEntry> listed = new ArrayList<>(kept.listed());
        for (ReportEntry e : entries) {
            switch (e.result()) {
                case "pass" -> passed.add(e.policy());
                case "skip" -> skipped.add(e.policy());
                default -> listed.add(keepFirstSeen(e, old.listed()));
            }
        }
        Tally now = new Tally(shared(passed), shared(skipped), List.copyOf(listed));
        if (now.sameAs(old)) {
            return false;
        }
        set(objectKey, old, now);
        return true;
    }

    /**
     * One list per distinct set of policy names: objects of a kind mostly pass and skip the same
     * policies, and an audit holds a tally for every object of the cluster.
     */
    private List<String> shared(List<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        List<String> known = nameLists.get(names);
        if (known != null) {
            return known;
        }
        List<String> copy = List.copyOf(names);
        if (nameLists.size() < NAME_LISTS) {
            nameLists.put(copy, copy);
        }
        return copy;
    }

    private void set(String objectKey, Tally old, Tally now) {
        count(old, -1);
        if (now.isEmpty()) {
            byObject.remove(objectKey);
        } else {
            byObject.put(objectKey, now);
            count(now, 1);
        }
    }

    /** Whether this scope holds results of the object. */
    public boolean holds(String objectKey) {
        return byObject.containsKey(objectKey);
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

    public boolean remove(String objectKey) {
        Tally old = byObject.get(objectKey);
        if (old == null) {
            return false;
        }
        set(objectKey, old, Tally.NONE);
        return true;
    }

    /**
     * Drops the results of the policies the predicate names (a policy deleted, or changed so that
     * it no longer judges these objects), keeping the rest of each object; returns whether any went.
     */
    public boolean removePolicies(Predicate<String> policy) {
        return removePolicies(policy, key -> true);
    }

    /** As {@link #removePolicies(Predicate)}, on the objects the second predicate selects only. */
    public boolean removePolicies(Predicate<String> policy, Predicate<String> objects) {
        boolean changed = false;
        for (Map.Entry<String, Tally> e : new ArrayList<>(byObject.entrySet())) {
            if (!objects.test(e.getKey())) {
                continue;
            }
            Tally kept = e.getValue().without(policy);
            if (!kept.sameAs(e.getValue())) {
                set(e.getKey(), e.getValue(), kept);
                changed = true;
            }
        }
        return changed;
    }

    /** Removes every object the predicate does not keep (objects a full pass no longer found); returns whether any went. */
    public boolean retainObjects(Predicate<String> keep) {
        boolean changed = false;
        for (String key : new ArrayList<>(byObject.keySet())) {
            if (!keep.test(key)) {
                changed |= remove(key);
            }
        }
        return changed;
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
        summary[0] += sign * t.passed().size();
        summary[4] += sign * t.skipped().size();
        for (ReportEntry e : t.listed()) {
            switch (e.result()) {
                case "fail" -> summary[1] += sign;
                case "warn" -> summary[2] += sign;
                default -> summary[3] += sign;
            }
        }
    }
}
