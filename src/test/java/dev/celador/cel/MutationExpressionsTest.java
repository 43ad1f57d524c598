package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.values.NullValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MutatingAdmissionPolicy expressions: Object{...} apply configurations and JSONPatch lists. */
class MutationExpressionsTest {

    private static final CelEnvironment CEL = new CelEnvironment();

    private static final Map<String, Object> POD = Map.of(
            "apiVersion", "v1", "kind", "Pod",
            "metadata", Map.of("name", "web", "labels", Map.of("app", "web")),
            "spec", Map.of("containers", List.of(Map.of("name", "app", "image", "nginx"))));

    private static Object evaluate(String expression, ExpectedType expected) throws Exception {
        CompileOutcome outcome = CEL.compile(expression, expected);
        assertThat(outcome.error()).as(expression).isNull();
        return outcome.expression().evaluate(Map.of("object", POD, "oldObject", NullValue.NULL_VALUE,
                "params", NullValue.NULL_VALUE));
    }

    private static String error(String expression, ExpectedType expected) {
        CompileOutcome outcome = CEL.compile(expression, expected);
        assertThat(outcome.ok()).as(expression).isFalse();
        return outcome.error();
    }

    @Test
    void buildsSidecarInitContainer_asInTheKubernetesDocs() throws Exception {
        Object result = evaluate("""
                Object{
                  spec: Object.spec{
                    initContainers: [
                      Object.spec.initContainers{
                        name: "mesh-proxy",
                        image: "mesh/proxy:v1.0.0",
                        args: ["proxy", "sidecar"],
                        restartPolicy: "Always"
                      }
                    ]
                  }
                }""", ExpectedType.APPLY_CONFIGURATION);

        assertThat(result).isEqualTo(Map.of("spec", Map.of("initContainers", List.of(Map.of(
                "name", "mesh-proxy", "image", "mesh/proxy:v1.0.0", "args", List.of("proxy", "sidecar"),
                "restartPolicy", "Always")))));
    }

    @Test
    void setsLabel_withObjectMetadataLabels() throws Exception {
        Object result = evaluate("Object{metadata: Object.metadata{labels: Object.metadata.labels{mutated: 'true'}}}",
                ExpectedType.APPLY_CONFIGURATION);

        assertThat(result).isEqualTo(Map.of("metadata", Map.of("labels", Map.of("mutated", "true"))));
    }

    @Test
    void setsAnnotation_withPlainMapInsideObject() throws Exception {
        Object result = evaluate("Object{metadata: Object.metadata{annotations: {'example.com/owner': object.metadata.name}}}",
                ExpectedType.APPLY_CONFIGURATION);

        assertThat(result).isEqualTo(Map.of("metadata", Map.of("annotations", Map.of("example.com/owner", "web"))));
    }

    @Test
    void buildsDeeplyNestedTypes_fromObjectFieldsAndComprehensions() throws Exception {
        Object result = evaluate("""
                Object{spec: Object.spec{template: Object.spec.template{spec: Object.spec.template.spec{
                  containers: object.spec.containers.map(c, Object.spec.template.spec.containers{
                    name: c.name,
                    readinessProbe: Object.spec.template.spec.containers.readinessProbe{
                      httpGet: Object.spec.template.spec.containers.readinessProbe.httpGet{path: '/ready', port: 8080}
                    }
                  })
                }}}}""", ExpectedType.APPLY_CONFIGURATION);

        assertThat(result).isEqualTo(Map.of("spec", Map.of("template", Map.of("spec", Map.of("containers", List.of(
                Map.of("name", "app", "readinessProbe", Map.of("httpGet", Map.of("path", "/ready", "port", 8080L)))))))));
    }

    @Test
    void leavesOutOptionalFields_whenEmpty() throws Exception {
        Object result = evaluate("""
                Object{metadata: Object.metadata{
                  ?labels: object.metadata.?labels,
                  ?annotations: object.metadata.?annotations,
                  ?namespace: optional.of('default')
                }}""", ExpectedType.APPLY_CONFIGURATION);

        assertThat(result).isEqualTo(Map.of("metadata", Map.of("labels", Map.of("app", "web"), "namespace", "default")));
    }

    @Test
    void acceptsConditionalApplyConfiguration() throws Exception {
        Object result = evaluate("has(object.metadata.labels) ? Object{metadata: Object.metadata{labels: {'seen': 'yes'}}} : Object{}",
                ExpectedType.APPLY_CONFIGURATION);

        assertThat(result).isEqualTo(Map.of("metadata", Map.of("labels", Map.of("seen", "yes"))));
    }

    @Test
    void addsContainerWithJsonPatch_asInTheKubernetesDocs() throws Exception {
        Object result = evaluate("""
                [
                  JSONPatch{
                    op: "add", path: "/spec/initContainers/-",
                    value: Object.spec.initContainers{
                      name: "mesh-proxy",
                      image: "mesh-proxy/v1.0.0",
                      restartPolicy: "Always"
                    }
                  }
                ]""", ExpectedType.JSON_PATCH);

        assertThat(result).isEqualTo(List.of(Map.of("op", "add", "path", "/spec/initContainers/-", "value",
                Map.of("name", "mesh-proxy", "image", "mesh-proxy/v1.0.0", "restartPolicy", "Always"))));
    }

    @Test
    void addsLabelWithSlash_throughEscapeKey() throws Exception {
        Object result = evaluate("""
                [JSONPatch{op: "add", path: "/metadata/labels/" + jsonpatch.escapeKey("example.com/environment"), value: "test"}]""",
                ExpectedType.JSON_PATCH);

        assertThat(result).isEqualTo(List.of(Map.of("op", "add", "path", "/metadata/labels/example.com~1environment",
                "value", "test")));
    }

    @Test
    void buildsTestReplaceAndMovePatches() throws Exception {
        Object result = evaluate("""
                [
                  JSONPatch{op: "test", path: "/spec/example", value: "Red"},
                  JSONPatch{op: "replace", path: "/spec/example", value: "Green"},
                  JSONPatch{op: "move", from: "/spec/a", path: "/spec/b"}
                ]""", ExpectedType.JSON_PATCH);

        assertThat(result).isEqualTo(List.of(
                Map.of("op", "test", "path", "/spec/example", "value", "Red"),
                Map.of("op", "replace", "path", "/spec/example", "value", "Green"),
                Map.of("op", "move", "from", "/spec/a", "path", "/spec/b")));
    }

    @Test
    void buildsPatchListWithMapMacro_andEmptyList() throws Exception {
        assertThat(evaluate("object.spec.containers.map(c, JSONPatch{op: 'add', path: '/metadata/labels/' + c.name, value: c.image})",
                ExpectedType.JSON_PATCH)).isEqualTo(List.of(Map.of("op", "add", "path", "/metadata/labels/app", "value", "nginx")));
        assertThat(evaluate("has(object.spec.nodeName) ? [JSONPatch{op: 'remove', path: '/spec/nodeName'}] : []",
                ExpectedType.JSON_PATCH)).isEqualTo(List.of());
    }

    @Test
    void rejectsUnknownJsonPatchField_withPosition() {
        assertThat(error("[JSONPatch{op: 'add', path: '/a', vaule: 1}]", ExpectedType.JSON_PATCH))
                .contains("JSONPatch has no field 'vaule'").contains("<input>:1:");
    }

    @Test
    void rejectsNonStringJsonPatchOpOrPath() {
        assertThat(error("[JSONPatch{op: 1, path: '/a'}]", ExpectedType.JSON_PATCH))
                .contains("JSONPatch field 'op' must be a string, but is int");
    }

    @Test
    void rejectsUndeclaredVariable_inBothMutationKinds() {
        assertThat(error("Object{metadata: Object.metadata{name: objekt.metadata.name}}", ExpectedType.APPLY_CONFIGURATION))
                .contains("undeclared reference to 'objekt'");
        assertThat(error("[JSONPatch{op: 'add', path: '/a', value: objekt.x}]", ExpectedType.JSON_PATCH))
                .contains("undeclared reference to 'objekt'");
    }

    @Test
    void rejectsWrongFunctionArguments() {
        assertThat(error("[JSONPatch{op: 'add', path: '/metadata/labels/' + jsonpatch.escapeKey(1), value: 'x'}]",
                ExpectedType.JSON_PATCH)).contains("no matching overload");
        assertThat(error("Object{metadata: Object.metadata{name: object.metadata.name.startWith('a')}}",
                ExpectedType.APPLY_CONFIGURATION)).contains("startWith");
    }

    @Test
    void rejectsApplyConfigurationThatIsNotAnObject() {
        assertThat(error("{'metadata': {'name': 'x'}}", ExpectedType.APPLY_CONFIGURATION))
                .contains("must evaluate to Object{...}");
        assertThat(error("Object.spec{replicas: 1}", ExpectedType.APPLY_CONFIGURATION))
                .contains("must be an Object{...}, not Object.spec{...}");
        assertThat(error("[JSONPatch{op: 'add', path: '/a', value: 1}]", ExpectedType.APPLY_CONFIGURATION))
                .contains("JSONPatch");
    }

    @Test
    void rejectsJsonPatchThatIsNotAListOfJsonPatch() {
        assertThat(error("JSONPatch{op: 'add', path: '/a', value: 1}", ExpectedType.JSON_PATCH))
                .contains("must evaluate to a list of JSONPatch{...}");
        assertThat(error("[{'op': 'add', 'path': '/a'}]", ExpectedType.JSON_PATCH))
                .contains("must evaluate to a list of JSONPatch{...}");
        assertThat(error("[Object{}]", ExpectedType.JSON_PATCH)).contains("must evaluate to a list of JSONPatch{...}");
    }

    @Test
    void rejectsFieldSetTwice_insteadOfFailingAtRuntime() {
        assertThat(error("Object{spec: Object.spec{replicas: 1, replicas: 2}}", ExpectedType.APPLY_CONFIGURATION))
                .contains("Object.spec sets field 'replicas' more than once");
    }

    @Test
    void keepsNullValues_forTheEngineToWriteAsJsonNull() throws Exception {
        assertThat(evaluate("[JSONPatch{op: 'replace', path: '/spec/x', value: null}]", ExpectedType.JSON_PATCH))
                .isEqualTo(List.of(Map.of("op", "replace", "path", "/spec/x", "value", NullValue.NULL_VALUE)));
    }

    @Test
    void rejectsOtherTypeNames() {
        assertThat(error("Objekt{spec: 1}", ExpectedType.APPLY_CONFIGURATION)).contains("Objekt");
    }

    @Test
    void leavesValidationExpressionsWithoutTypedLiterals() {
        assertThat(CEL.compile("Object{} != null", ExpectedType.BOOL).ok()).isFalse();
        assertThat(CEL.compile("[JSONPatch{op: 'add'}] != []", ExpectedType.ANY).ok()).isFalse();
    }

    @Test
    void acceptsDynResults_checkedOnlyAtRuntime() {
        assertThat(CEL.compile("params.patch", ExpectedType.JSON_PATCH).ok()).isTrue();
        assertThat(CEL.compile("params.applyConfiguration", ExpectedType.APPLY_CONFIGURATION).ok()).isTrue();
    }
}
