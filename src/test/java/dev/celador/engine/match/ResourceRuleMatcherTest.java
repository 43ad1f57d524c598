package dev.celador.engine.match;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.ReviewRequests;
import dev.celador.policy.MatchPolicy;
import dev.celador.policy.ResourceRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceRuleMatcherTest {

    private static ResourceRule rule(List<String> groups, List<String> versions, List<String> resources, List<String> operations) {
        return new ResourceRule(groups, versions, resources, operations, List.of(), null);
    }

    private static ResourceRule anyGroupRule(String... resources) {
        return rule(List.of("*"), List.of("*"), List.of(resources), List.of("*"));
    }

    private static ResourceRule scoped(String scope) {
        return new ResourceRule(List.of("*"), List.of("*"), List.of("*"), List.of("*"), List.of(), scope);
    }

    private static boolean matches(ResourceRule rule, AdmissionRequest request) {
        return ResourceRuleMatcher.matches(rule, request, MatchPolicy.EQUIVALENT);
    }

    private static AdmissionRequest pod() {
        return ReviewRequests.pods().namespace("default").name("web").build();
    }

    private static AdmissionRequest podSubresource(String subResource) {
        return ReviewRequests.pods().namespace("default").name("web").operation("UPDATE").subResource(subResource).build();
    }

    private static AdmissionRequest deploymentScale() {
        return ReviewRequests.deployments().namespace("default").name("web").operation("UPDATE").subResource("scale").build();
    }

    @Test
    void starResourceMatchesEveryMainResource_butNoSubresource() {
        assertTrue(matches(anyGroupRule("*"), pod()));
        assertTrue(matches(anyGroupRule("*"), ReviewRequests.deployments().namespace("default").build()));
        assertFalse(matches(anyGroupRule("*"), podSubresource("status")));
    }

    @Test
    void starSlashStarMatchesMainResourcesAndSubresources() {
        assertTrue(matches(anyGroupRule("*/*"), pod()));
        assertTrue(matches(anyGroupRule("*/*"), podSubresource("status")));
    }

    @Test
    void podsStatusMatchesOnlyTheStatusSubresourceOfPods() {
        assertTrue(matches(anyGroupRule("pods/status"), podSubresource("status")));
        assertFalse(matches(anyGroupRule("pods/status"), pod()));
        assertFalse(matches(anyGroupRule("pods/status"), podSubresource("exec")));
        assertFalse(matches(anyGroupRule("pods"), podSubresource("status")));
    }

    @Test
    void starSlashScaleMatchesScaleOfEveryResource_butNotTheMainResource() {
        assertTrue(matches(anyGroupRule("*/scale"), deploymentScale()));
        assertTrue(matches(anyGroupRule("*/scale"), ReviewRequests.of("apps", "v1", "statefulsets", "StatefulSet")
                .namespace("default").subResource("scale").operation("UPDATE").build()));
        assertFalse(matches(anyGroupRule("*/scale"), ReviewRequests.deployments().namespace("default").build()));
        assertFalse(matches(anyGroupRule("*/scale"), podSubresource("status")));
    }

    @Test
    void podsSlashStarMatchesPodsAndEverySubresourceOfPods_only() {
        assertTrue(matches(anyGroupRule("pods/*"), podSubresource("log")));
        assertTrue(matches(anyGroupRule("pods/*"), podSubresource("status")));
        assertTrue(matches(anyGroupRule("pods/*"), pod()));
        assertFalse(matches(anyGroupRule("pods/*"), deploymentScale()));
    }

    @Test
    void matchesOnlyListedOperations() {
        ResourceRule createOnly = rule(List.of(""), List.of("v1"), List.of("pods"), List.of("CREATE"));
        assertTrue(matches(createOnly, pod()));
        assertFalse(matches(createOnly, ReviewRequests.pods().namespace("default").operation("UPDATE").build()));
        assertFalse(matches(createOnly, ReviewRequests.pods().namespace("default").operation("DELETE").build()));

        ResourceRule every = rule(List.of(""), List.of("v1"), List.of("pods"), List.of("*"));
        assertTrue(matches(every, ReviewRequests.pods().namespace("default").operation("DELETE").build()));
        assertFalse(matches(every, ReviewRequests.pods().namespace("default").operation("CONNECT").subResource("exec").build()),
                "a pods rule must not match pods/exec, whatever its operations");
    }

    @Test
    void doesNotMatchOtherGroupOrVersion() {
        ResourceRule coreV1Pods = rule(List.of(""), List.of("v1"), List.of("pods"), List.of("*"));
        assertFalse(matches(coreV1Pods, ReviewRequests.of("example.com", "v1", "pods", "Pod").namespace("default").build()));
        assertFalse(ResourceRuleMatcher.matches(coreV1Pods,
                ReviewRequests.of("", "v2", "pods", "Pod").namespace("default").build(), MatchPolicy.EXACT));
    }

    @Test
    void clusterScopeMatchesNamespaceObjects_evenThoughTheirRequestHasANamespace() {
        AdmissionRequest namespace = ReviewRequests.namespaces().namespace("prod").name("prod").build();

        assertTrue(matches(scoped("Cluster"), namespace));
        assertFalse(matches(scoped("Namespaced"), namespace));
        assertTrue(matches(scoped("*"), namespace));
    }

    @Test
    void clusterScopeMatchesRequestsWithoutNamespace_andNamespacedScopeMatchesRequestsWithOne() {
        AdmissionRequest node = ReviewRequests.of("", "v1", "nodes", "Node").name("node-1").build();

        assertTrue(matches(scoped("Cluster"), node));
        assertFalse(matches(scoped("Namespaced"), node));
        assertTrue(matches(scoped("Namespaced"), pod()));
        assertFalse(matches(scoped("Cluster"), pod()));
    }

    @Test
    void resourceNamesRestrictTheRuleToNamedObjects() {
        ResourceRule named = new ResourceRule(List.of(""), List.of("v1"), List.of("pods"), List.of("*"), List.of("web"), null);

        assertTrue(matches(named, pod()));
        assertFalse(matches(named, ReviewRequests.pods().namespace("default").name("db").build()));
    }

    @Test
    void exactMatchPolicyComparesTheResourceTheClientAskedFor() {
        AdmissionRequest viaBeta = ReviewRequests.deployments().namespace("default")
                .requestResource("apps", "v1beta1", "deployments").build();
        ResourceRule v1 = rule(List.of("apps"), List.of("v1"), List.of("deployments"), List.of("*"));
        ResourceRule v1beta1 = rule(List.of("apps"), List.of("v1beta1"), List.of("deployments"), List.of("*"));

        assertFalse(ResourceRuleMatcher.matches(v1, viaBeta, MatchPolicy.EXACT));
        assertTrue(ResourceRuleMatcher.matches(v1beta1, viaBeta, MatchPolicy.EXACT));
    }

    @Test
    void equivalentMatchPolicyAcceptsRequestMadeThroughAnotherVersion() {
        AdmissionRequest viaBeta = ReviewRequests.deployments().namespace("default")
                .requestResource("apps", "v1beta1", "deployments").build();
        ResourceRule v1 = rule(List.of("apps"), List.of("v1"), List.of("deployments"), List.of("*"));

        assertTrue(ResourceRuleMatcher.matches(v1, viaBeta, MatchPolicy.EQUIVALENT));
    }

    @Test
    void equivalentMatchPolicyStillRequiresTheSameResource() {
        AdmissionRequest viaBeta = ReviewRequests.deployments().namespace("default")
                .requestResource("apps", "v1beta1", "deployments").build();

        assertFalse(ResourceRuleMatcher.matches(rule(List.of("apps"), List.of("v1"), List.of("statefulsets"), List.of("*")),
                viaBeta, MatchPolicy.EQUIVALENT));
    }

    @Test
    void matchesAnyIsFalseForNoRules() {
        assertFalse(ResourceRuleMatcher.matchesAny(List.of(), pod(), MatchPolicy.EQUIVALENT));
    }
}
