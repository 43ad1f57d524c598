package dev.celador.engine.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.engine.AdmissionRequest;
import dev.celador.policy.MatchResources;
import dev.celador.policy.ResourceRule;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An index from (group, resource, subresource, operation) to the positions of the match blocks
 * whose resourceRules could select a request for it. It only narrows the candidates: every
 * candidate still goes through {@link AdmissionMatcher}, which decides with the full native
 * semantics (version, matchPolicy, scope, resourceNames, excludeResourceRules, selectors). So a
 * block the index leaves out is one whose resourceRules cannot match, and nothing else changes.
 *
 * <p>Version is not a key: under matchPolicy Equivalent a rule accepts the same group and
 * resource in any version. A request is looked up under both the resource the client asked for
 * (requestResource, requestSubResource) and the one the object was converted to, the two that
 * {@link ResourceRuleMatcher} compares. Each key level holds the literal values and "*". A block
 * with no resourceRules (only a binding's matchResources can have none) is always a candidate,
 * as the matcher lets it match everything.
 */
public final class RuleIndex {

    private static final String ANY = "*";

    private final BitSet always = new BitSet();
    /** group -> resource -> subresource -> operation -> positions. */
    private final Map<String, Map<String, Map<String, Map<String, BitSet>>>> tree = new HashMap<>();

    /** Indexes match blocks by their position in the list; a null block is always a candidate. */
    public RuleIndex(List<MatchResources> blocks) {
        for (int i = 0; i < blocks.size(); i++) {
            MatchResources block = blocks.get(i);
            if (block == null || block.resourceRules().isEmpty()) {
                always.set(i);
                continue;
            }
            for (ResourceRule rule : block.resourceRules()) {
                add(rule, i);
            }
        }
    }

    private void add(ResourceRule rule, int position) {
        for (String group : rule.apiGroups()) {
            for (String pattern : rule.resources()) {
                int slash = pattern.indexOf('/');
                String resource = slash < 0 ? pattern : pattern.substring(0, slash);
                String subResource = slash < 0 ? "" : pattern.substring(slash + 1);
                for (String operation : rule.operations()) {
                    tree.computeIfAbsent(group, k -> new HashMap<>())
                            .computeIfAbsent(resource, k -> new HashMap<>())
                            .computeIfAbsent(subResource, k -> new HashMap<>())
                            .computeIfAbsent(operation, k -> new BitSet())
                            .set(position);
                }
            }
        }
    }

    /** Positions of the blocks that could select the request, in ascending order. */
    public BitSet candidates(AdmissionRequest request) {
        BitSet out = (BitSet) always.clone();
        String operation = request.operation();
        JsonNode asked = request.requestResource();
        String askedGroup = asked.path("group").asText("");
        String askedResource = asked.path("resource").asText("");
        String askedSub = request.requestSubResource();
        collect(askedGroup, askedResource, askedSub, operation, out);
        String group = request.group();
        String resource = request.resource();
        String sub = request.subResource();
        if (!group.equals(askedGroup) || !resource.equals(askedResource) || !sub.equals(askedSub)) {
            collect(group, resource, sub, operation, out);
        }
        return out;
    }

    private void collect(String group, String resource, String sub, String operation, BitSet out) {
        for (Map<String, Map<String, Map<String, BitSet>>> byResource : level(tree, group)) {
            for (Map<String, Map<String, BitSet>> bySub : level(byResource, resource)) {
                for (Map<String, BitSet> byOperation : level(bySub, sub)) {
                    for (BitSet positions : level(byOperation, operation)) {
                        out.or(positions);
                    }
                }
            }
        }
    }

    /** The entries under the literal key and under "*" (each at most once). */
    private static <V> List<V> level(Map<String, V> map, String key) {
        V exact = map.get(key);
        V any = key.equals(ANY) ? null : map.get(ANY);
        if (exact == null) {
            return any == null ? List.of() : List.of(any);
        }
        return any == null ? List.of(exact) : List.of(exact, any);
    }
}
