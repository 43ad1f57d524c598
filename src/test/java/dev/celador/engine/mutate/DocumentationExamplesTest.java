package dev.celador.engine.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
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

    @Test
    void addsTheMeshProxyInitContainerFromTheSidecarParams() {
        ObjectNode pod = pod();
        MutationVerdict verdict = create(pod);

        assertThat(verdict.allowed()).as(verdict.message()).isTrue();
        JsonNode result = JsonPatch.apply(verdict.patch(), pod);
        JsonNode init = result.at("/spec/initContainers/0");
        assertThat(init.path("name").asText()).isEqualTo("mesh-proxy");
        assertThat(init.path("image").asText()).isEqualTo("mesh/proxy:v1.0.0");
        assertThat(init.path("args").toString()).isEqualTo("[\"proxy\",\"--default\"]");
        assertThat(init.path("restartPolicy").asText()).isEqualTo("Always");
        assertThat(result.at("/spec/containers/0/name").asText()).isEqualTo("myapp-container");
    }

    @Test
    void setsTheEnvironmentLabelThroughAnEscapedJsonPatchPath() {
        MutationVerdict unlabelled = create(pod());
        assertThat(unlabelled.mutated().at("/metadata/labels").path("example.com/environment").asText()).isEqualTo("test");

        ObjectNode labelled = pod();
        ((ObjectNode) labelled.path("metadata")).putObject("labels").put("app", "myapp");
        MutationVerdict verdict = create(labelled);
        assertThat(verdict.mutated().at("/metadata/labels").path("app").asText()).isEqualTo("myapp");
        assertThat(verdict.patch().toString()).contains("/metadata/labels/example.com~1environment");
    }

    @Test
    void bothExamplesAreIdempotent() {
        MutationVerdict first = create(pod());
        MutationVerdict second = create(first.mutated());

        assertThat(second.allowed()).isTrue();
        assertThat(second.patch()).isEmpty();
    }
}
