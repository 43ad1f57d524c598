package dev.celador.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import dev.celador.view.StaticClusterView;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * resource.Get / resource.List against a view of objects from files (the offline form the CLI
 * uses), and lookups before the cluster cache has synced, which follow failurePolicy.
 */
class ClusterLookupsTest {

    private static JsonNode service(String namespace, String name) {
        ObjectNode s = ReviewRequests.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
        s.putObject("metadata").put("name", name).put("namespace", namespace);
        return s;
    }

    private static AdmissionVerdict createDeployment(ClusterView view) {
        ObjectNode deployment = ReviewRequests.JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "Deployment");
        deployment.putObject("metadata").put("name", "web").put("namespace", "shop");
        return new Engine(new PolicyRegistry(new PolicySnapshot(PolicyTrees.compile("lookups"))), view)
                .validate(ReviewRequests.deployments().namespace("shop").name("web").object(deployment).build());
    }

    private static PolicyResult result(AdmissionVerdict verdict, String policy) {
        return verdict.results().stream().filter(r -> r.policy().equals(policy)).findFirst().orElseThrow();
    }

    @Test
    void allowsWhenLookedUpServiceExistsInTheView() {
        AdmissionVerdict verdict = createDeployment(new StaticClusterView(List.of(service("shop", "backend"))));

        assertThat(verdict.allowed()).isTrue();
        assertThat(result(verdict, "service-exists-fail").outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void deniesWhenLookedUpServiceIsMissing_orInAnotherNamespace() {
        AdmissionVerdict verdict = createDeployment(new StaticClusterView(List.of(service("other", "backend"))));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).isEqualTo("ValidatingPolicy 'service-exists-fail' denied request: Service backend must exist first");
    }

    @Test
    void listsOneNamespaceOrAll() {
        AdmissionVerdict verdict = createDeployment(new StaticClusterView(List.of(service("shop", "backend"),
                service("shop", "cache"), service("shop", "queue"), service("other", "db"))));

        PolicyResult counted = result(verdict, "service-count-ignore");
        assertThat(counted.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(counted.violations().get(0).message()).isEqualTo("namespace shop has 3 Services; 4 in all namespaces");
    }

    @Test
    void lookupBeforeSyncIsAnErrorThatFailurePolicyHandles() {
        AdmissionVerdict verdict = createDeployment(new NotSyncedView());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).startsWith("ValidatingPolicy 'service-exists-fail' denied request: expression ")
                .contains("cluster cache has not synced yet");
        PolicyResult ignored = result(verdict, "service-count-ignore");
        assertThat(ignored.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(verdict.message()).doesNotContain("service-count-ignore");
    }

    /** A cluster view whose caches have not listed yet. */
    private static final class NotSyncedView implements ClusterView {
        private final StaticClusterView empty = StaticClusterView.empty();

        @Override
        public Optional<JsonNode> get(ObjectKey key) {
            return Optional.empty();
        }

        @Override
        public List<JsonNode> list(String apiVersion, String kind, String namespace) {
            return List.of();
        }

        @Override
        public Optional<String> kindOf(String apiVersion, String resource) {
            return empty.kindOf(apiVersion, resource);
        }

        @Override
        public boolean isNamespaced(String apiVersion, String kind) {
            return empty.isNamespaced(apiVersion, kind);
        }

        @Override
        public boolean isSynced() {
            return false;
        }
    }
}
