package dev.celador.engine.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.PolicyTrees;
import dev.celador.engine.ReviewRequests;
import dev.celador.view.StaticClusterView;
import org.junit.jupiter.api.Test;

/** The Kubernetes documentation's MutatingAdmissionPolicy examples, as native YAML through the engine. */
class DocumentationExamplesTest {

    private static final Engine ENGINE = new Engine(new PolicyRegistry(new PolicySnapshot(PolicyTrees.compile("mutation-docs-examples"))),
            StaticClusterView.empty());

    private static ObjectNode pod() {
        ObjectNode pod = ReviewRequests.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        pod.putObject("metadata").put("name", "myapp").put("namespace", "default");
        pod.putObject("spec").putArray("containers").addObject().put("name", "myapp-container").put("image", "busybox:1.28");
        return pod;
    }

    private static MutationVerdict create(JsonNode pod) {
        return ENGINE.mutate(ReviewRequests.pods().namespace("default").name("myapp").object(pod).build());
    }

    /**
     * The documentation's ApplyConfiguration example sets the init container's args, an atomic list:
     * the API server refuses it ("may not mutate atomic arrays, maps or structs", validatePatch in
     * k8s.io/apiserver's mutating/patch/smd.go), and with failurePolicy Fail the Pod is denied.
     */
    @Test
    void refusesTheMeshProxyInitContainer_becauseItsArgsAreAnAtomicList_asTheApiServerDoes() {
        MutationVerdict verdict = create(pod());

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("sidecar-policy.example.com")
                .contains("may not mutate atomic arrays, maps or structs: .spec.initContainers[0].args");
    }

    @Test
    void setsTheEnvironmentLabelThroughAnEscapedJsonPatchPath() {
        MutationVerdict unlabelled = create(withMeshProxy(pod()));
        assertThat(unlabelled.mutated().at("/metadata/labels").path("example.com/environment").asText()).isEqualTo("test");

        ObjectNode labelled = withMeshProxy(pod());
        ((ObjectNode) labelled.path("metadata")).putObject("labels").put("app", "myapp");
        MutationVerdict verdict = create(labelled);
        assertThat(verdict.mutated().at("/metadata/labels").path("app").asText()).isEqualTo("myapp");
        assertThat(verdict.patch().toString()).contains("/metadata/labels/example.com~1environment");
    }

    /** A Pod that already has the proxy is left to the JSONPatch example, which applies once. */
    @Test
    void theJsonPatchExampleIsIdempotent() {
        ObjectNode pod = withMeshProxy(pod());
        MutationVerdict first = create(pod);
        MutationVerdict second = create(first.mutated());

        assertThat(first.allowed()).as(first.message()).isTrue();
        assertThat(first.patch()).isNotEmpty();
        assertThat(second.allowed()).isTrue();
        assertThat(second.patch()).isEmpty();
    }

    private static ObjectNode withMeshProxy(ObjectNode pod) {
        ((ObjectNode) pod.path("spec")).putArray("initContainers").addObject().put("name", "mesh-proxy").put("image", "mesh/proxy:v1.0.0");
        return pod;
    }
}
