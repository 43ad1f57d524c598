package dev.celador.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.report.NamespaceResults;
import dev.celador.report.ReportEntry;
import dev.celador.report.ResourceRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What the background audit knows: each scope's results (a namespace, or "" for cluster-scoped
 * objects) and which scopes changed since their reports were last written. Confined to the
 * audit's one worker thread; others read only {@link #violations()} snapshots it publishes.
 */
public final class AuditState {

    private final Map<String, NamespaceResults> scopes = new TreeMap<>();
    private final Set<String> dirty = new TreeSet<>();
    private Set<String> seenInPass;

    /** Every policy's results on the object, replacing what was held. */
    public void audited(JsonNode object, List<ReportEntry> entries) {
        rejudged(object, p -> true, entries);
    }

    /**
     * The results of the given policies on the object, replacing theirs and keeping every other
     * policy's; the scope is marked for writing only when its content changed.
     */
    public void rejudged(JsonNode object, Predicate<String> policies, List<ReportEntry> entries) {
        ResourceRef ref = ResourceRef.of(object);
        String key = ref.key(); // one String for both maps: a pass keeps a key per object twice
        if (scopes.computeIfAbsent(ref.namespace(), NamespaceResults::new).replacePolicies(key, policies, entries)) {
            dirty.add(ref.namespace());
        }
        if (seenInPass != null) {
            seenInPass.add(key);
        }
    }

    /** Whether results of the object are held (an object never judged, or with no result, is not). */
    public boolean holds(JsonNode object) {
        ResourceRef ref = ResourceRef.of(object);
        NamespaceResults scope = scopes.get(ref.namespace());
        return scope != null && scope.holds(ref.key());
    }

    public void deleted(JsonNode object) {
        ResourceRef ref = ResourceRef.of(object);
        NamespaceResults scope = scopes.get(ref.namespace());
        if (scope != null && scope.remove(ref.key())) {
            dirty.add(ref.namespace());
        }
    }

    /** Drops the results of these policies everywhere (deleted policies); marks the scopes that held any. */
    public void dropPolicies(Predicate<String> policies) {
        scopes.forEach((ns, r) -> {
            if (r.removePolicies(policies)) {
                dirty.add(ns);
            }
        });
    }

    /** A pass begins: objects of the kinds it lists that it does not see again are gone from the cluster. */
    public void beginPass() {
        seenInPass = new HashSet<>();
    }

    /**
     * The pass is over: removes the objects of the given kinds ("apiVersion/Kind") that it did not
     * see (deleted while no watch ran, or of a kind no policy matches any more).
     */
    public void endPass(Set<String> kinds) {
        endPass(kinds, Set.of());
    }

    /**
     * As {@link #endPass(Set)}; objects of other kinds, which the pass did not list, also lose the
     * results of the given policies (a changed policy that no longer matches their kind).
     */
    public void endPass(Set<String> kinds, Set<String> judgedPolicies) {
        Set<String> seen = seenInPass;
        seenInPass = null;
        if (seen != null) {
            Predicate<String> keep = key -> seen.contains(key) || !kinds.contains(kindOf(key));
            scopes.forEach((ns, r) -> {
                boolean changed = r.retainObjects(keep);
                if (!judgedPolicies.isEmpty()) {
                    changed |= r.removePolicies(judgedPolicies::contains, key -> !seen.contains(key));
                }
                if (changed) {
                    dirty.add(ns);
                }
            });
        }
    }

    /** The scopes changed since the last call, with their results (an empty scope: its report is deleted). */
    public Map<String, NamespaceResults> takeDirty() {
        Map<String, NamespaceResults> out = new TreeMap<>();
        for (String ns : dirty) {
            out.put(ns, scopes.getOrDefault(ns, new NamespaceResults(ns)));
        }
        dirty.clear();
        return out;
    }

    /** "apiVersion/Kind" of a key made by ResourceRef.key(): apiVersion may hold one slash. */
    private static String kindOf(String key) {
        String[] parts = key.split("/", -1);
        return parts.length == 5 ? parts[0] + "/" + parts[1] + "/" + parts[2] : parts[0] + "/" + parts[1];
    }

    /** Objects with results. */
    public int objects() {
        return scopes.values().stream().mapToInt(NamespaceResults::objects).sum();
    }

    /** Listed results (fail, warn, error) by policy, action and namespace: what the violation gauges show. */
    public Map<Violations, Integer> violations() {
        Map<Violations, Integer> out = new HashMap<>();
        for (NamespaceResults r : scopes.values()) {
            for (ReportEntry e : r.listed()) {
                for (String action : e.actions()) {
                    out.merge(new Violations(e.policy(), action, r.namespace(), e.result()), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    /** A violation gauge's labels. */
    public record Violations(String policy, String action, String namespace, String result) {
    }

    public NamespaceResults.Summary totals() {
        int[] t = new int[5];
        for (NamespaceResults r : scopes.values()) {
            NamespaceResults.Summary s = r.summary();
            t[0] += s.pass();
            t[1] += s.fail();
            t[2] += s.warn();
            t[3] += s.error();
            t[4] += s.skip();
        }
        return new NamespaceResults.Summary(t[0], t[1], t[2], t[3], t[4]);
    }
}
