package dev.celador.engine.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.ReviewRequests;
import dev.celador.policy.LabelSelector;
import dev.celador.policy.MatchPolicy;
import dev.celador.policy.MatchResources;
import dev.celador.policy.ResourceRule;
import dev.celador.view.StaticClusterView;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RuleIndexTest {

    private static ResourceRule rule(List<String> groups, List<String> versions, List<String> resources, List<String> operations) {
        return new ResourceRule(groups, versions, resources, operations, List.of(), null);
    }

    private static MatchResources match(MatchPolicy policy, List<ResourceRule> rules, List<ResourceRule> excludes) {
        return new MatchResources(LabelSelector.EVERYTHING, LabelSelector.EVERYTHING, rules, excludes, policy);
    }

    private static MatchResources match(ResourceRule... rules) {
        return match(MatchPolicy.EQUIVALENT, List.of(rules), List.of());
    }

    private static List<Integer> candidates(List<MatchResources> blocks, AdmissionRequest request) {
        return new RuleIndex(blocks).candidates(request).stream().boxed().toList();
    }

    private static AdmissionRequest statefulSet(String operation) {
        return ReviewRequests.of("apps", "v1", "statefulsets", "StatefulSet").namespace("default").name("db")
                .operation(operation).build();
    }

    @Test
    void leavesOutBlocksForOtherResources_groupsAndOperations() {
        List<MatchResources> blocks = List.of(
                match(rule(List.of("apps"), List.of("v1"), List.of("statefulsets"), List.of("CREATE", "UPDATE"))),
                match(rule(List.of("apps"), List.of("v1"), List.of("deployments"), List.of("*"))),
                match(rule(List.of("batch"), List.of("v1"), List.of("statefulsets"), List.of("*"))),
                match(rule(List.of("apps"), List.of("v1"), List.of("statefulsets"), List.of("DELETE"))));

        assertThat(candidates(blocks, statefulSet("CREATE"))).containsExactly(0);
        assertThat(candidates(blocks, statefulSet("DELETE"))).containsExactly(3);
    }

    @Test
    void wildcardsAtEveryLevelAreCandidates() {
        List<MatchResources> blocks = List.of(
                match(rule(List.of("*"), List.of("*"), List.of("*"), List.of("*"))),
                match(rule(List.of("apps"), List.of("*"), List.of("*"), List.of("CREATE"))),
                match(rule(List.of("*"), List.of("v1"), List.of("statefulsets"), List.of("*"))),
                match(rule(List.of(""), List.of("v1"), List.of("*"), List.of("*"))));

        assertThat(candidates(blocks, statefulSet("CREATE"))).containsExactly(0, 1, 2);
        assertThat(candidates(blocks, statefulSet("UPDATE"))).containsExactly(0, 2);
    }

    @Test
    void subresourcePatternsFollowTheMatcher_starSlashScaleAndPodsSlashStar() {
        List<MatchResources> blocks = List.of(
                match(rule(List.of("*"), List.of("*"), List.of("*/scale"), List.of("*"))),
                match(rule(List.of("apps"), List.of("*"), List.of("statefulsets/*"), List.of("*"))),
                match(rule(List.of("apps"), List.of("*"), List.of("statefulsets"), List.of("*"))),
                match(rule(List.of("*"), List.of("*"), List.of("*"), List.of("*"))));
        AdmissionRequest scale = ReviewRequests.of("apps", "v1", "statefulsets", "Scale").namespace("default")
                .operation("UPDATE").subResource("scale").build();

        assertThat(candidates(blocks, scale)).containsExactly(0, 1);
        assertThat(candidates(blocks, statefulSet("UPDATE"))).containsExactly(1, 2, 3);
    }

    @Test
    void requestThroughAnotherVersionIsACandidateUnderBothResources() {
        // The client asked for apps/v1beta1 deployments; the object was converted to apps/v1.
        AdmissionRequest converted = ReviewRequests.deployments().namespace("default")
                .requestResource("extensions", "v1beta1", "deployments").build();
        List<MatchResources> blocks = List.of(
                match(rule(List.of("extensions"), List.of("v1beta1"), List.of("deployments"), List.of("*"))),
                match(MatchPolicy.EXACT, List.of(rule(List.of("apps"), List.of("v1"), List.of("deployments"), List.of("*"))), List.of()),
                match(rule(List.of("apps"), List.of("v2"), List.of("deployments"), List.of("*"))));

        assertThat(candidates(blocks, converted)).containsExactly(0, 1, 2);
        // The matcher still decides: Exact compares only what the client asked for.
        assertThat(AdmissionMatcher.matches(blocks.get(1), converted, StaticClusterView.empty()).matches()).isFalse();
        assertThat(AdmissionMatcher.matches(blocks.get(2), converted, StaticClusterView.empty()).matches()).isTrue();
    }

    @Test
    void blocksWithoutResourceRulesAndNullBlocksAreAlwaysCandidates() {
        List<MatchResources> blocks = new ArrayList<>();
        blocks.add(match(MatchPolicy.EQUIVALENT, List.of(), List.of()));
        blocks.add(null);
        blocks.add(match(rule(List.of("apps"), List.of("v1"), List.of("deployments"), List.of("*"))));

        assertThat(candidates(blocks, statefulSet("CREATE"))).containsExactly(0, 1);
    }

    @Test
    void excludeResourceRulesDoNotNarrowTheCandidates_theMatcherAppliesThem() {
        ResourceRule all = rule(List.of("*"), List.of("*"), List.of("*"), List.of("*"));
        ResourceRule statefulSets = rule(List.of("apps"), List.of("*"), List.of("statefulsets"), List.of("*"));
        List<MatchResources> blocks = List.of(match(MatchPolicy.EQUIVALENT, List.of(all), List.of(statefulSets)));

        assertThat(candidates(blocks, statefulSet("CREATE"))).containsExactly(0);
        assertThat(AdmissionMatcher.matches(blocks.get(0), statefulSet("CREATE"), StaticClusterView.empty()).matches()).isFalse();
    }

    /** Every block the matcher selects is a candidate, over a grid of rules and requests. */
    @Test
    void neverLeavesOutABlockTheMatcherSelects() {
        List<List<String>> groups = List.of(List.of("*"), List.of(""), List.of("apps"), List.of("apps", ""), List.of("batch"));
        List<List<String>> versions = List.of(List.of("*"), List.of("v1"), List.of("v1beta1"));
        List<List<String>> resources = List.of(List.of("*"), List.of("*/*"), List.of("*/scale"), List.of("pods"), List.of("pods/*"),
                List.of("pods/status"), List.of("statefulsets", "deployments/scale"), List.of("services"));
        List<List<String>> operations = List.of(List.of("*"), List.of("CREATE"), List.of("UPDATE", "DELETE"));
        List<MatchResources> blocks = new ArrayList<>();
        for (List<String> g : groups) {
            for (List<String> v : versions) {
                for (List<String> r : resources) {
                    for (List<String> o : operations) {
                        for (MatchPolicy p : MatchPolicy.values()) {
                            blocks.add(match(p, List.of(rule(g, v, r, o)), List.of()));
                        }
                    }
                }
            }
        }
        List<AdmissionRequest> requests = new ArrayList<>();
        for (String op : List.of("CREATE", "UPDATE", "DELETE", "CONNECT")) {
            requests.add(ReviewRequests.pods().namespace("default").operation(op).build());
            requests.add(ReviewRequests.pods().namespace("default").operation(op).subResource("status").build());
            requests.add(ReviewRequests.pods().namespace("default").operation(op).subResource("exec").build());
            requests.add(statefulSet(op));
            requests.add(ReviewRequests.deployments().namespace("default").operation(op).subResource("scale").build());
            requests.add(ReviewRequests.deployments().namespace("default").operation(op)
                    .requestResource("apps", "v1beta1", "deployments").build());
            requests.add(ReviewRequests.of("", "v1", "services", "Service").namespace("default").operation(op).build());
        }
        RuleIndex index = new RuleIndex(blocks);
        int pruned = 0;
        for (AdmissionRequest request : requests) {
            BitSet candidates = index.candidates(request);
            pruned += blocks.size() - candidates.cardinality();
            for (int i : IntStream.range(0, blocks.size()).toArray()) {
                if (AdmissionMatcher.matches(blocks.get(i), request, StaticClusterView.empty()).matches()) {
                    assertThat(candidates.get(i)).as("block %d for request %s", i, request.node()).isTrue();
                }
            }
        }
        assertThat(pruned).as("the index leaves out some blocks").isPositive();
    }
}
