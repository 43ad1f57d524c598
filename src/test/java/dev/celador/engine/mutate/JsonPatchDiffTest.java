package dev.celador.engine.mutate;

import static dev.celador.engine.mutate.MutateFixtures.load;
import static dev.celador.engine.mutate.MutateFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonPatchDiffTest {

    private static final JsonNode STS = load("statefulset", "object");

    private static List<String> ops(ArrayNode patch) {
        List<String> out = new ArrayList<>();
        patch.forEach(op -> out.add(op.path("op").asText()));
        return out;
    }

    private static List<String> paths(ArrayNode patch) {
        List<String> out = new ArrayList<>();
        patch.forEach(op -> out.add(op.path("path").asText()));
        return out;
    }

    @Test
    void roundTripsRewrittenStatefulSet_withOnlyAddRemoveReplace() throws Exception {
        JsonNode after = load("statefulset-rewritten", "object");

        ArrayNode patch = JsonPatchDiff.diff(STS, after);

        assertThat(JsonPatches.apply(STS, patch)).isEqualTo(after);
        assertThat(ops(patch)).isNotEmpty().allMatch(op -> List.of("add", "remove", "replace").contains(op));
        patch.forEach(op -> assertThat(op.has("from")).isFalse());
    }

    @Test
    void roundTripsBackwards_fromRewrittenToOriginal() throws Exception {
        JsonNode rewritten = load("statefulset-rewritten", "object");

        assertThat(JsonPatches.apply(rewritten, JsonPatchDiff.diff(rewritten, STS))).isEqualTo(STS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"add-readiness-probe", "add-sidecar-container", "ports-by-container-port", "env-by-name",
            "maps-merged-null-deletes", "finalizers-as-set"})
    void roundTripsEveryApplyConfigurationScenario(String scenario) throws Exception {
        JsonNode after = ApplyConfigurationMerge.apply(STS, load(scenario, "apply"));

        ArrayNode patch = JsonPatchDiff.diff(STS, after);

        assertThat(JsonPatchDiff.isEmpty(patch)).isFalse();
        assertThat(JsonPatches.apply(STS, patch)).isEqualTo(after);
    }

    @Test
    void diffOfEqualObjectsIsEmpty() {
        ArrayNode patch = JsonPatchDiff.diff(STS, STS.deepCopy());

        assertThat(JsonPatchDiff.isEmpty(patch)).isTrue();
        assertThat(patch).isEmpty();
    }

    @Test
    void reappliedMutationYieldsEmptyPatch() throws Exception {
        JsonNode config = load("add-readiness-probe", "apply");
        JsonNode once = ApplyConfigurationMerge.apply(STS, config);

        assertThat(JsonPatchDiff.isEmpty(JsonPatchDiff.diff(once, ApplyConfigurationMerge.apply(once, config)))).isTrue();
    }

    @Test
    void escapesSlashAndTildeInKeys() throws Exception {
        ObjectNode after = STS.deepCopy();
        ObjectNode annotations = (ObjectNode) after.path("metadata").path("annotations");
        annotations.put("example.com/owner", "team-platform");
        annotations.remove("config.example.com/a~b");
        annotations.put("x/y~z", "new");

        ArrayNode patch = JsonPatchDiff.diff(STS, after);

        assertThat(paths(patch)).containsExactlyInAnyOrder(
                "/metadata/annotations/example.com~1owner",
                "/metadata/annotations/config.example.com~1a~0b",
                "/metadata/annotations/x~1y~0z");
        assertThat(JsonPatches.apply(STS, patch)).isEqualTo(after);
    }

    @Test
    void omitsValueOnRemove() {
        ObjectNode after = STS.deepCopy();
        ((ObjectNode) after.path("metadata")).remove("labels");

        ArrayNode patch = JsonPatchDiff.diff(STS, after);

        assertThat(patch).hasSize(1);
        assertThat(patch.get(0)).isEqualTo(yaml("{op: remove, path: /metadata/labels}"));
    }

    @Test
    void neverModifiesItsInputs_andSharesNoNodesWithThem() {
        JsonNode before = STS.deepCopy();
        JsonNode after = load("statefulset-rewritten", "object");
        JsonNode afterCopy = after.deepCopy();

        ArrayNode patch = JsonPatchDiff.diff(before, after);
        patch.forEach(op -> {
            if (op.path("value").isObject()) {
                ((ObjectNode) op.path("value")).put("touched", true);
            }
        });

        assertThat(before).isEqualTo(STS);
        assertThat(after).isEqualTo(afterCopy);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "[a, b, c]       | [a, x, b, c]",
            "[a, b, c]       | [a, c]",
            "[a, b, c]       | []",
            "[]              | [a, b]",
            "[a, b, c]       | [x, y]",
            "[a, b, c, d]    | [a, x, y, z, d]",
            "[a, a, a]       | [a, a]",
            "[{n: 1}, {n: 2}] | [{n: 1}, {n: 3}, {n: 2}]",
            "[{n: 1, v: [1, 2]}] | [{n: 1, v: [2]}, {n: 4}]"})
    void roundTripsListsOfAnyLength(String before, String after) throws Exception {
        JsonNode from = yaml("{list: " + before + "}");
        JsonNode to = yaml("{list: " + after + "}");

        ArrayNode patch = JsonPatchDiff.diff(from, to);

        assertThat(JsonPatches.apply(from, patch)).isEqualTo(to);
        assertThat(ops(patch)).allMatch(op -> List.of("add", "remove", "replace").contains(op));
    }

    @Test
    void insertInTheMiddleOfAListIsOneAdd() {
        ArrayNode patch = JsonPatchDiff.diff(yaml("{list: [a, b, c]}"), yaml("{list: [a, x, b, c]}"));

        assertThat(patch).containsExactly(yaml("{op: add, path: /list/1, value: x}"));
    }

    @Test
    void replacesTheRootWhenItsTypeChanges() throws Exception {
        JsonNode to = yaml("[1, 2]");

        ArrayNode patch = JsonPatchDiff.diff(yaml("{a: 1}"), to);

        assertThat(patch).containsExactly(yaml("{op: replace, path: '', value: [1, 2]}"));
        assertThat(JsonPatches.apply(yaml("{a: 1}"), patch)).isEqualTo(to);
    }
}
