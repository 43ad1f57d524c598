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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mutation errors under failurePolicy, and reinvocation of IfNeeded policies. */
class MutatorTest {

    private static MutationVerdict createConfigMap(String scenario, Map<String, String> labels) {
        ObjectNode cm = ReviewRequests.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode metadata = cm.putObject("metadata").put("name", "settings").put("namespace", "default");
        if (!labels.isEmpty()) {
            ObjectNode l = metadata.putObject("labels");
            labels.forEach(l::put);
        }
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(PolicyTrees.compile(scenario))), StaticClusterView.empty());
        return engine.mutate(ReviewRequests.of("", "v1", "configmaps", "ConfigMap").namespace("default").name("settings").object(cm).build());
    }

    @Test
    void deniesWhenAPatchCannotApply_underFailurePolicyFail() {
        MutationVerdict verdict = createConfigMap("mutation-errors", Map.of("mode", "fail"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).startsWith("MutatingPolicy 'patch-missing-path-fail' denied request: JSONPatch could not be applied");
        assertThat(verdict.patch()).isEmpty();
    }

    @Test
    void answers403Invalid_whenAFailPolicyCannotApply_asTheApiServerAnswersForItsOwnPolicies() {
        MutationVerdict verdict = createConfigMap("mutation-errors", Map.of("mode", "fail"));

        assertThat(verdict.code()).isEqualTo(403);
        assertThat(verdict.reason()).isEqualTo("Invalid");
    }

    @Test
    void dropsTheWholePolicyWhenOneOfItsMutationsFails_underIgnore() {
        MutationVerdict verdict = createConfigMap("mutation-errors", Map.of());

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.patch()).as("the label of the first mutation is not kept").isEmpty();
        assertThat(verdict.results()).anySatisfy(r -> {
            assertThat(r.policy()).isEqualTo("patch-missing-path-ignore");
            assertThat(r.outcome()).isEqualTo(MutationResult.Outcome.ERROR);
        });
    }

    @Test
    void reinvokesIfNeededPolicyAfterALaterPolicyChangedTheObject() {
        MutationVerdict verdict = createConfigMap("mutation-reinvocation", Map.of());

        JsonNode labels = verdict.mutated().path("metadata").path("labels");
        assertThat(labels.path("tier").asText()).isEqualTo("gold");
        assertThat(labels.path("marked").asText()).isEqualTo("gold");
        assertThat(verdict.patch()).hasSize(1); // one add of metadata.labels with both entries
    }

    @Test
    void doesNotReinvokeAPolicyWhoseMatchConditionsSkippedItTheFirstTime_asTheApiServer() {
        MutationVerdict verdict = createConfigMap("mutation-reinvocation-skipped-first", Map.of());

        JsonNode labels = verdict.mutated().path("metadata").path("labels");
        assertThat(labels.path("tier").asText()).isEqualTo("gold");
        assertThat(labels.has("marked")).as("a-mark did not run the first time, so it is not reinvoked").isFalse();
    }
}
