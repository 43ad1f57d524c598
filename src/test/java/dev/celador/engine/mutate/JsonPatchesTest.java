package dev.celador.engine.mutate;

import static dev.celador.engine.mutate.MutateFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonPatchesTest {

    private static final JsonNode POD = yaml("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web}
            spec:
              containers:
              - name: app
                image: nginx:1.27
            """);

    @Test
    void appliesAddReplaceAndTest_withoutTouchingTheInput() throws Exception {
        JsonNode before = POD.deepCopy();
        JsonNode patch = yaml("""
                - {op: test, path: /metadata/name, value: web}
                - {op: add, path: /metadata/labels/tier, value: frontend}
                - {op: replace, path: /spec/containers/0/image, value: "nginx:1.28"}
                - {op: add, path: /spec/containers/-, value: {name: sidecar, image: envoy}}
                """);

        JsonNode patched = JsonPatches.apply(POD, patch);

        assertThat(patched.at("/metadata/labels/tier").asText()).isEqualTo("frontend");
        assertThat(patched.at("/spec/containers/0/image").asText()).isEqualTo("nginx:1.28");
        assertThat(patched.at("/spec/containers/1/name").asText()).isEqualTo("sidecar");
        assertThat(POD).isEqualTo(before);
    }

    /** jsonpatch.escapeKey('conf~1/app.ini') is 'conf~01~1app.ini': RFC 6901 reads it back as the key itself. */
    @Test
    void addsAndRemovesAKeyHoldingTildeOne_escapedAsTildeZeroOne_asTheApiServerReadsIt() throws Exception {
        JsonNode patch = yaml("""
                - {op: add, path: /metadata/annotations, value: {}}
                - {op: add, path: /metadata/annotations/conf~01~1app.ini, value: a}
                - {op: copy, from: /metadata/annotations/conf~01~1app.ini, path: /metadata/labels/x~01}
                - {op: test, path: /metadata/labels/x~01, value: a}
                - {op: move, from: /metadata/labels/x~01, path: /metadata/labels/y}
                """);

        JsonNode patched = JsonPatches.apply(POD, patch);

        assertThat(patched.at("/metadata/annotations").fieldNames()).toIterable().containsExactly("conf~1/app.ini");
        assertThat(patched.at("/metadata/labels")).isEqualTo(yaml("{app: web, y: a}"));
        assertThat(POD.at("/metadata").has("annotations")).isFalse();
    }

    @Test
    void failsOnAMissingKeyHoldingTildeOne_namingTheOperation() {
        JsonNode patch = yaml("""
                - {op: remove, path: /metadata/labels/a~01}
                """);

        assertThatThrownBy(() -> JsonPatches.apply(POD, patch))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("remove failed (operation 0)");
    }

    @Test
    void movesCopiesAndRemoves_sharingOnlyWhatThePatchLeavesAlone() throws Exception {
        JsonNode before = POD.deepCopy();
        JsonNode patch = yaml("""
                - {op: move, from: /metadata/labels/app, path: /spec/containers/0/name}
                - {op: copy, from: /spec/containers/0, path: /spec/containers/-}
                - {op: add, path: /spec/containers/1/image, value: "envoy:1.31"}
                - {op: remove, path: /metadata/labels}
                - {op: add, path: /metadata/annotations, value: {"example.com/owner": team-a}}
                - {op: replace, path: /metadata/annotations/example.com~1owner, value: team-b}
                """);

        JsonNode patched = JsonPatches.apply(POD, patch);

        assertThat(patched).isEqualTo(yaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                  annotations: {example.com/owner: team-b}
                spec:
                  containers:
                  - {name: web, image: "nginx:1.27"}
                  - {name: web, image: "envoy:1.31"}
                """));
        assertThat(POD).isEqualTo(before);
        assertThat(patch.get(4).path("value").path("example.com/owner").asText()).isEqualTo("team-a");
    }

    @Test
    void sharesTheSubtreesNoOperationTouches() throws Exception {
        JsonNode patched = JsonPatches.apply(POD, yaml("- {op: add, path: /spec/containers/0/ports, value: [{containerPort: 80}]}"));

        assertThat(patched.path("metadata")).isSameAs(POD.path("metadata"));
        assertThat(patched.path("spec")).isNotSameAs(POD.path("spec"));
        assertThat(POD.at("/spec/containers/0").has("ports")).isFalse();
    }

    @Test
    void replacesTheWholeDocument_atTheRootPath() throws Exception {
        JsonNode patched = JsonPatches.apply(POD, yaml("- {op: replace, path: '', value: {kind: Pod}}"));

        assertThat(patched).isEqualTo(yaml("kind: Pod"));
        assertThat(POD.path("metadata").path("name").asText()).isEqualTo("web");
    }

    @Test
    void failsOnReplaceOfMissingPath_namingThePath() {
        JsonNode patch = yaml("- {op: replace, path: /spec/nodeName, value: node-1}");

        assertThatThrownBy(() -> JsonPatches.apply(POD, patch))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("/spec/nodeName");
    }

    @Test
    void failsOnRemoveOfMissingObjectMember() {
        JsonNode patch = yaml("- {op: remove, path: /metadata/annotations}");

        assertThatThrownBy(() -> JsonPatches.apply(POD, patch))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("/metadata/annotations");
    }

    @Test
    void failsOnAddUnderMissingParent() {
        JsonNode patch = yaml("- {op: add, path: /metadata/annotations/team, value: a}");

        assertThatThrownBy(() -> JsonPatches.apply(POD, patch)).isInstanceOf(MutationException.class);
    }

    @Test
    void failsOnFailedTest_andAppliesNothing() {
        JsonNode patch = yaml("""
                - {op: add, path: /metadata/labels/tier, value: frontend}
                - {op: test, path: /metadata/name, value: api}
                """);

        assertThatThrownBy(() -> JsonPatches.apply(POD, patch))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("/metadata/name");
        assertThat(POD.at("/metadata/labels/tier").isMissingNode()).isTrue();
    }

    @Test
    void failsOnUnknownOp() {
        JsonNode patch = yaml("- {op: merge, path: /metadata/labels, value: {a: b}}");

        assertThatThrownBy(() -> JsonPatches.apply(POD, patch))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("invalid JSON patch");
    }

    @Test
    void failsOnOperationWithoutValue() {
        JsonNode patch = yaml("- {op: add, path: /metadata/labels/x}");

        assertThatThrownBy(() -> JsonPatches.apply(POD, patch)).isInstanceOf(MutationException.class);
    }

    @Test
    void failsOnPatchThatIsNotAList() {
        JsonNode patch = yaml("{op: add, path: /metadata/labels/x, value: y}");

        assertThatThrownBy(() -> JsonPatches.apply(POD, patch))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("list of operations");
    }

    @Test
    void failsOnArrayIndexOutOfRange() {
        JsonNode patch = yaml("- {op: replace, path: /spec/containers/3/image, value: x}");

        assertThatThrownBy(() -> JsonPatches.apply(POD, patch)).isInstanceOf(MutationException.class);
    }
}
