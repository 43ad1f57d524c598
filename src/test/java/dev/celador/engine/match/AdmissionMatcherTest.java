package dev.celador.engine.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.PolicyTrees;
import dev.celador.engine.ReviewRequests;
import dev.celador.policy.LabelSelector;
import dev.celador.policy.MatchPolicy;
import dev.celador.policy.MatchResources;
import dev.celador.policy.ResourceRule;
import dev.celador.view.ClusterView;
import dev.celador.view.StaticClusterView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionMatcherTest {

    private static final ResourceRule ALL_PODS = new ResourceRule(List.of(""), List.of("v1"), List.of("pods"), List.of("*"), List.of(), null);
    private static final ResourceRule EVERYTHING = new ResourceRule(List.of("*"), List.of("*"), List.of("*"), List.of("*"), List.of(), null);

    private static final ClusterView CLUSTER = new StaticClusterView(List.of(
            PolicyTrees.yaml("objects/namespace-prod.yaml"), PolicyTrees.yaml("objects/namespace-dev.yaml")));

    private static MatchResources match(List<ResourceRule> rules, List<ResourceRule> excludes,
            LabelSelector namespaceSelector, LabelSelector objectSelector) {
        return new MatchResources(namespaceSelector, objectSelector, rules, excludes, MatchPolicy.EQUIVALENT);
    }

    private static MatchResources namespaceSelector(Map<String, String> labels) {
        return match(List.of(EVERYTHING), List.of(), new LabelSelector(labels, List.of()), LabelSelector.EVERYTHING);
    }

    private static MatchResources objectSelector(LabelSelector selector) {
        return match(List.of(ALL_PODS), List.of(), LabelSelector.EVERYTHING, selector);
    }

    private static AdmissionRequest podIn(String namespace) {
        return ReviewRequests.pods().namespace(namespace).name("web").objectWithLabels(Map.of()).build();
    }

    @Test
    void excludeResourceRulesWinOverResourceRules() {
        ResourceRule excludePods = new ResourceRule(List.of(""), List.of("*"), List.of("pods"), List.of("*"), List.of(), null);
        MatchResources m = match(List.of(EVERYTHING), List.of(excludePods), LabelSelector.EVERYTHING, LabelSelector.EVERYTHING);

        assertEquals(MatchOutcome.NO_MATCH, AdmissionMatcher.matches(m, podIn("default"), CLUSTER));
        assertEquals(MatchOutcome.MATCH, AdmissionMatcher.matches(m,
                ReviewRequests.deployments().namespace("default").build(), CLUSTER));
    }

    @Test
    void emptyResourceRulesOfABindingMatchEverything() {
        MatchResources m = match(List.of(), List.of(), LabelSelector.EVERYTHING, LabelSelector.EVERYTHING);

        assertEquals(MatchOutcome.MATCH, AdmissionMatcher.matches(m, podIn("default"), CLUSTER));
    }

    @Test
    void objectSelectorMatchesLabelsOfTheNewObject() {
        MatchResources m = objectSelector(new LabelSelector(Map.of("app", "web"), List.of()));

        assertTrue(AdmissionMatcher.matches(m, ReviewRequests.pods().namespace("default")
                .objectWithLabels(Map.of("app", "web")).build(), CLUSTER).matches());
        assertFalse(AdmissionMatcher.matches(m, ReviewRequests.pods().namespace("default")
                .objectWithLabels(Map.of("app", "db")).build(), CLUSTER).matches());
    }

    @Test
    void objectSelectorMatchesLabelsOfTheOldObject_onUpdateAndDelete() {
        MatchResources m = objectSelector(new LabelSelector(Map.of("app", "web"), List.of()));

        AdmissionRequest relabel = ReviewRequests.pods().namespace("default").operation("UPDATE")
                .objectWithLabels(Map.of("app", "db")).oldObjectWithLabels(Map.of("app", "web")).build();
        AdmissionRequest delete = ReviewRequests.pods().namespace("default").operation("DELETE")
                .oldObjectWithLabels(Map.of("app", "web")).build();
        AdmissionRequest deleteOther = ReviewRequests.pods().namespace("default").operation("DELETE")
                .oldObjectWithLabels(Map.of("app", "db")).build();

        assertEquals(MatchOutcome.MATCH, AdmissionMatcher.matches(m, relabel, CLUSTER));
        assertEquals(MatchOutcome.MATCH, AdmissionMatcher.matches(m, delete, CLUSTER));
        assertEquals(MatchOutcome.NO_MATCH, AdmissionMatcher.matches(m, deleteOther, CLUSTER));
    }

    @Test
    void objectSelectorWithMatchExpressions() {
        MatchResources m = objectSelector(new LabelSelector(Map.of(),
                List.of(new LabelSelector.Requirement("tier", "NotIn", List.of("system")),
                        new LabelSelector.Requirement("app", "Exists", List.of()))));

        assertTrue(AdmissionMatcher.matches(m, ReviewRequests.pods().namespace("default")
                .objectWithLabels(Map.of("app", "x")).build(), CLUSTER).matches());
        assertFalse(AdmissionMatcher.matches(m, ReviewRequests.pods().namespace("default")
                .objectWithLabels(Map.of("app", "x", "tier", "system")).build(), CLUSTER).matches());
        assertFalse(AdmissionMatcher.matches(m, ReviewRequests.pods().namespace("default")
                .objectWithLabels(Map.of("tier", "web")).build(), CLUSTER).matches());
    }

    @Test
    void namespaceSelectorReadsNamespaceLabelsFromClusterView() {
        MatchResources prodOnly = namespaceSelector(Map.of("env", "prod"));

        assertEquals(MatchOutcome.MATCH, AdmissionMatcher.matches(prodOnly, podIn("prod"), CLUSTER));
        assertEquals(MatchOutcome.NO_MATCH, AdmissionMatcher.matches(prodOnly, podIn("dev"), CLUSTER));
    }

    @Test
    void namespaceSelectorIsAnError_whenTheNamespaceIsUnknown() {
        MatchOutcome outcome = AdmissionMatcher.matches(namespaceSelector(Map.of("env", "prod")), podIn("ghost"), CLUSTER);

        assertTrue(outcome.isError());
        assertFalse(outcome.matches());
        assertTrue(outcome.error().contains("namespace \"ghost\" not found"), outcome.error());
    }

    @Test
    void unknownNamespaceIsNoError_whenResourceRulesDoNotMatch() {
        ResourceRule deploymentsOnly = new ResourceRule(List.of("apps"), List.of("v1"), List.of("deployments"), List.of("*"), List.of(), null);
        MatchResources m = match(List.of(deploymentsOnly), List.of(), new LabelSelector(Map.of("env", "prod"), List.of()),
                LabelSelector.EVERYTHING);

        assertEquals(MatchOutcome.NO_MATCH, AdmissionMatcher.matches(m, podIn("ghost"), CLUSTER));
    }

    @Test
    void emptyNamespaceSelectorNeedsNoNamespaceLookup() {
        MatchResources m = match(List.of(ALL_PODS), List.of(), LabelSelector.EVERYTHING, LabelSelector.EVERYTHING);

        assertEquals(MatchOutcome.MATCH, AdmissionMatcher.matches(m, podIn("ghost"), StaticClusterView.empty()));
    }

    @Test
    void namespaceSelectorMatchesClusterScopedResources_withoutLookup() {
        AdmissionRequest node = ReviewRequests.of("", "v1", "nodes", "Node").name("node-1").objectWithLabels(Map.of()).build();

        assertEquals(MatchOutcome.MATCH, AdmissionMatcher.matches(namespaceSelector(Map.of("env", "prod")), node, CLUSTER));
    }

    @Test
    void namespaceSelectorMatchesANamespaceRequestOnItsOwnLabels() {
        AdmissionRequest newProdNamespace = ReviewRequests.namespaces().namespace("staging").name("staging")
                .objectWithLabels(Map.of("env", "prod")).build();
        AdmissionRequest newDevNamespace = ReviewRequests.namespaces().namespace("prod").name("prod")
                .objectWithLabels(Map.of("env", "dev")).build();

        assertEquals(MatchOutcome.MATCH, AdmissionMatcher.matches(namespaceSelector(Map.of("env", "prod")), newProdNamespace, CLUSTER));
        assertEquals(MatchOutcome.NO_MATCH, AdmissionMatcher.matches(namespaceSelector(Map.of("env", "prod")), newDevNamespace, CLUSTER));
    }
}
