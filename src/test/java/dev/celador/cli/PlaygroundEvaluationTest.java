package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The playground's answers, from the editors' texts through the CLI's own load, check and export paths. */
class PlaygroundEvaluationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String file(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    private static ObjectNode state(String validating, String resources) {
        ObjectNode state = JSON.createObjectNode();
        state.put("validating", validating);
        state.put("resources", resources);
        state.put("operation", "CREATE");
        return state;
    }

    private static JsonNode resultOf(JsonNode answer, String policy) {
        for (JsonNode resource : answer.path("resources")) {
            for (JsonNode r : resource.path("results")) {
                if (r.path("policy").asText().equals(policy)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no result of " + policy + " in " + answer.toPrettyString());
    }

    @Test
    void deniesKafkaWithoutItsHeadlessService_andPassesOnceTheServiceIsInTheClusterState() throws IOException {
        ObjectNode state = state(file("policies/statefulset-headless-service/policy.yaml"),
                file("src/test/resources/playground/kafka-statefulset.yaml"));

        JsonNode denied = PlaygroundEvaluation.evaluate(state);

        JsonNode result = resultOf(denied, "statefulset-headless-service");
        assertThat(result.path("result").asText()).isEqualTo("fail");
        assertThat(result.path("violations").get(0).path("message").asText())
                .contains("names spec.serviceName kafka-headless but no Service kafka-headless exists in namespace streaming");
        JsonNode resource = denied.path("resources").get(0);
        assertThat(resource.path("allowed").asBoolean()).isFalse();
        assertThat(resource.path("message").asText()).startsWith("ValidatingPolicy 'statefulset-headless-service'");

        state.put("clusterState", file("src/test/resources/playground/kafka-headless-service.yaml"));
        JsonNode allowed = PlaygroundEvaluation.evaluate(state);

        assertThat(resultOf(allowed, "statefulset-headless-service").path("result").asText()).isEqualTo("pass");
        assertThat(allowed.path("resources").get(0).path("allowed").asBoolean()).isTrue();
        assertThat(allowed.path("problems")).isEmpty();
    }

    @Test
    void exceptionInTheExceptionsEditorLiftsThePolicy_andTheAnswerNamesIt() throws IOException {
        ObjectNode state = state(file("policies/statefulset-headless-service/policy.yaml"),
                file("src/test/resources/playground/kafka-statefulset.yaml"));
        state.put("exceptions", file("src/test/resources/playground/kafka-headless-service-exception.yaml"));

        JsonNode answer = PlaygroundEvaluation.evaluate(state);

        JsonNode result = resultOf(answer, "statefulset-headless-service");
        assertThat(result.path("result").asText()).isEqualTo("skip");
        assertThat(result.path("exception").path("name").asText()).isEqualTo("celador/kafka-service-migration");
        JsonNode resource = answer.path("resources").get(0);
        assertThat(resource.path("allowed").asBoolean()).isTrue();
        assertThat(resource.path("auditAnnotations").path("exception").asText())
                .isEqualTo("celador/kafka-service-migration: statefulset-headless-service");
    }

    @Test
    void compileErrorIsPlacedAtItsLineAndColumnInTheValidatingEditor() throws IOException {
        String policy = file("policies/statefulset-headless-service/policy.yaml")
                .replace("expression: \"variables.serviceName != ''\"", "expression: \"variables.serviceName != ''  &&\"");
        int line = lineOf(policy, "variables.serviceName != ''  &&");

        JsonNode answer = PlaygroundEvaluation.evaluate(state(policy, file("src/test/resources/playground/kafka-statefulset.yaml")));

        assertThat(answer.path("problems")).hasSize(1);
        JsonNode problem = answer.path("problems").get(0);
        assertThat(problem.path("editor").asText()).isEqualTo("validating");
        assertThat(problem.path("line").asInt()).isEqualTo(line);
        assertThat(problem.path("column").asInt()).isGreaterThan(policy.split("\n")[line - 1].indexOf("variables.serviceName"));
        assertThat(problem.path("message").asText()).startsWith("compile error:");
        // A policy that does not compile still takes part, as in the webhook: the broken validation is an error.
        JsonNode broken = resultOf(answer, "statefulset-headless-service").path("violations").get(0);
        assertThat(broken.path("error").asBoolean()).isTrue();
        assertThat(broken.path("message").asText()).contains("compilation error");
    }

    @Test
    void mutatingPolicyShowsTheObjectBeforeAndAfterWithItsJsonPatch() throws IOException {
        ObjectNode state = state("", file("src/test/resources/playground/kafka-statefulset.yaml"));
        state.put("mutating", file("policies/statefulset-readiness-probe-default/policy.yaml"));
        state.put("params", file("policies/statefulset-readiness-probe-default/params.yaml"));

        JsonNode resource = PlaygroundEvaluation.evaluate(state).path("resources").get(0);

        assertThat(resource.path("mutations").get(0).path("result").asText()).isEqualTo("applied");
        JsonNode mutation = resource.path("mutation");
        assertThat(mutation.path("before").asText()).doesNotContain("readinessProbe");
        assertThat(mutation.path("after").asText()).contains("readinessProbe").contains("tcpSocket");
        List<String> paths = new ArrayList<>();
        mutation.path("patch").forEach(op -> paths.add(op.path("op").asText() + " " + op.path("path").asText()));
        assertThat(paths).contains("add /spec/template/spec/containers/0/readinessProbe");
    }

    @Test
    void everyExpressionIsListedAtItsPlaceWithTheCostAndTimeItSpent() throws IOException {
        String policy = file("policies/statefulset-headless-service/policy.yaml");
        JsonNode answer = PlaygroundEvaluation.evaluate(state(policy, file("src/test/resources/playground/kafka-statefulset.yaml")));

        JsonNode first = null;
        for (JsonNode e : answer.path("expressions")) {
            if (e.path("field").asText().equals("spec.validations[0].expression")) {
                first = e;
            }
        }
        assertThat(first).isNotNull();
        assertThat(first.path("line").asInt()).isEqualTo(lineOf(policy, "- expression: \"variables.serviceName != ''\""));
        assertThat(first.path("evaluations").asLong()).isEqualTo(1);
        assertThat(first.path("cost").asLong()).isPositive();
        assertThat(first.path("micros").asDouble()).isPositive();
    }

    @Test
    void manifestThatDoesNotParseIsAProblemOfTheResourcesEditor() {
        JsonNode answer = PlaygroundEvaluation.evaluate(state("", "apiVersion: v1\nkind: [Service\n"));

        JsonNode problem = answer.path("problems").get(0);
        assertThat(problem.path("editor").asText()).isEqualTo("resources");
        assertThat(problem.path("line").asInt()).isPositive();
        assertThat(answer.path("resources")).isEmpty();
    }

    @Test
    void exportRunsTheExportCommandOnTheEditorsTexts() throws IOException {
        ObjectNode state = state(file("policies/statefulset-headless-service/policy.yaml") + "\n---\n"
                + file("policies/statefulset-pvc-retention/policy.yaml"), "");

        JsonNode answer = PlaygroundEvaluation.export(state);

        assertThat(answer.path("exitCode").asInt()).isEqualTo(ExportCommand.NOT_ALL_EXPORTED);
        assertThat(answer.path("yaml").asText()).contains("kind: ValidatingAdmissionPolicy").contains("name: statefulset-pvc-retention")
                .doesNotContain("name: statefulset-headless-service");
        assertThat(answer.path("messages").asText())
                .contains("validating.yaml: policy 'statefulset-headless-service' not exported: uses resource.Get")
                .doesNotContain("celador-playground-export");
    }

    private static int lineOf(String text, String part) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(part)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + part);
    }
}
