package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.policy.Document;
import dev.celador.policy.DocumentReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `celador export`: native policies and bindings for what uses no Celador extension; refusals on stderr. */
class ExportCommandTest {

    private static final String FIXTURES = "src/test/resources/cli-export/";

    private record Run(int exit, String out, String err) {

        List<JsonNode> documents() {
            return parse(out);
        }

        List<String> kinds() {
            return documents().stream().map(d -> d.path("kind").asText()).distinct().toList();
        }

        JsonNode find(String kind, String name) {
            return documents().stream()
                    .filter(d -> d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in\n" + out));
        }

        List<String> names() {
            return documents().stream().map(d -> d.path("kind").asText() + "/" + d.path("metadata").path("name").asText()).toList();
        }
    }

    private static Run export(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "export";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all);
        String text = out.toString(StandardCharsets.UTF_8);
        return new Run(exit, text, err.toString(StandardCharsets.UTF_8));
    }

    private static List<JsonNode> parse(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        List<Object> problems = new ArrayList<>();
        new DocumentReader().read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "<out>",
                d -> docs.add(d.node()), problems::add);
        assertThat(problems).as("exported YAML parses").isEmpty();
        return docs;
    }

    private static List<JsonNode> fixture(String file) {
        List<JsonNode> docs = new ArrayList<>();
        new DocumentReader().readFile(Path.of(FIXTURES + file), (Document d) -> docs.add(d.node()), p -> {
            throw new AssertionError(p.toString());
        });
        return docs;
    }

    @Test
    void passesNativePolicyAndBindingThroughUnchanged_withoutTheParamsConfigMap() {
        Run run = export(FIXTURES + "native");
        List<JsonNode> source = fixture("native/replicas-limit.yaml");

        assertThat(run.exit()).isZero();
        assertThat(run.documents()).containsExactly(source.get(0), source.get(1));
        assertThat(run.kinds()).doesNotContain("ConfigMap");
    }

    @Test
    void writesValidatingPolicyAsPolicyAndBinding_withItsActionsAndParamRefOnTheBinding() {
        Run run = export(FIXTURES + "self-contained");
        JsonNode source = fixture("self-contained/require-team-label.yaml").get(0);

        assertThat(run.exit()).isZero();
        assertThat(run.names()).containsExactly(
                "ValidatingAdmissionPolicy/no-latest-tag", "ValidatingAdmissionPolicyBinding/no-latest-tag-binding",
                "ValidatingAdmissionPolicy/require-team-label", "ValidatingAdmissionPolicyBinding/require-team-label-binding");
        JsonNode policy = run.find("ValidatingAdmissionPolicy", "require-team-label");
        assertThat(policy.path("apiVersion").asText()).isEqualTo("admissionregistration.k8s.io/v1");
        ObjectNode expectedSpec = source.path("spec").deepCopy();
        expectedSpec.remove(List.of("validationActions", "paramRef"));
        assertThat(policy.path("spec")).isEqualTo(expectedSpec);
        assertThat(policy.path("spec").has("validationActions")).isFalse();
        assertThat(policy.path("spec").has("paramRef")).isFalse();

        JsonNode binding = run.find("ValidatingAdmissionPolicyBinding", "require-team-label-binding");
        assertThat(binding.path("apiVersion").asText()).isEqualTo("admissionregistration.k8s.io/v1");
        assertThat(binding.path("spec").path("policyName").asText()).isEqualTo("require-team-label");
        assertThat(binding.path("spec").path("validationActions").toString()).isEqualTo("[\"Warn\",\"Audit\"]");
        assertThat(binding.path("spec").path("paramRef")).isEqualTo(source.path("spec").path("paramRef"));
        assertThat(run.out()).doesNotContain("apiVersion: celador.dev");
    }

    @Test
    void bindsValidatingPolicyWithDeny_whenItNamesNoActions() {
        Run run = export(FIXTURES + "self-contained/default-deny.yaml");

        JsonNode binding = run.find("ValidatingAdmissionPolicyBinding", "no-latest-tag-binding");
        assertThat(binding.path("spec").path("validationActions").toString()).isEqualTo("[\"Deny\"]");
        assertThat(binding.path("spec").has("paramRef")).isFalse();
    }

    @Test
    void writesMutatingPolicyAsV1beta1PolicyAndBinding_withParamRefOnTheBinding_forKubernetes134() {
        Run run = export(FIXTURES + "mutating", "--kubernetes-version", "1.34");
        JsonNode source = fixture("mutating/add-owner-label.yaml").get(0);

        assertThat(run.exit()).isZero();
        assertThat(run.names()).containsExactly("MutatingAdmissionPolicy/add-owner-label", "MutatingAdmissionPolicyBinding/add-owner-label-binding");
        JsonNode policy = run.find("MutatingAdmissionPolicy", "add-owner-label");
        assertThat(policy.path("apiVersion").asText()).isEqualTo("admissionregistration.k8s.io/v1beta1");
        ObjectNode expectedSpec = source.path("spec").deepCopy();
        expectedSpec.remove("paramRef");
        assertThat(policy.path("spec")).isEqualTo(expectedSpec);

        JsonNode binding = run.find("MutatingAdmissionPolicyBinding", "add-owner-label-binding");
        assertThat(binding.path("apiVersion").asText()).isEqualTo("admissionregistration.k8s.io/v1beta1");
        assertThat(binding.path("spec").path("policyName").asText()).isEqualTo("add-owner-label");
        assertThat(binding.path("spec").path("paramRef")).isEqualTo(source.path("spec").path("paramRef"));
        assertThat(binding.path("spec").has("validationActions")).isFalse();
    }

    @Test
    void writesReinvocationPolicyNever_whenAMutatingPolicyNamesNone_becauseTheApiServerRequiresIt() {
        Run run = export(FIXTURES + "mutating-without-reinvocation", "--kubernetes-version", "1.37");

        assertThat(run.exit()).isZero();
        assertThat(run.find("MutatingAdmissionPolicy", "add-team-label").path("spec").path("reinvocationPolicy").asText()).isEqualTo("Never");
        assertThat(run.find("MutatingAdmissionPolicy", "add-tier-label").path("spec").path("reinvocationPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void refusesPoliciesThatLookUpTheCluster_andExportsTheOthers_exitOne() {
        Run run = export(FIXTURES + "lookups");
        String file = FIXTURES + "lookups/needs-service.yaml";

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.names()).containsExactly("ValidatingAdmissionPolicy/statefulset-service-name");
        assertThat(run.err()).contains(file + ": policy 'statefulset-needs-service' not exported: uses resource.Get (Celador cluster lookup)\n"
                + "    at spec.validations[1].expression");
        assertThat(run.err()).contains(file + ": policy 'annotate-service-count' not exported: uses resource.List (Celador cluster lookup)\n"
                + "    at spec.auditAnnotations[0].valueExpression");
        assertThat(run.err()).contains(file + ": binding 'annotate-service-count' not exported: its policy 'annotate-service-count' is not exported");
    }

    @Test
    void exitsTwoOnBadYaml_reportingItAsLintDoes_andExportsOnlyWhatLoaded() {
        Run run = export(FIXTURES + "bad-yaml");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(FIXTURES + "bad-yaml/broken.yaml:6:5: broken/metadata.labels.a[0]: invalid YAML: "
                + "while parsing a flow sequence (line 5, column 15): expected ',' or ']', but got :");
        assertThat(run.names()).containsExactly("ValidatingAdmissionPolicy/fine", "ValidatingAdmissionPolicyBinding/fine-binding");
    }

    @Test
    void exitsTwoOnAPolicyThatDoesNotCompile() {
        Run run = export("src/test/resources/webhook/policies/broken-policy.yaml");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("broken-policy/spec.validations[0].expression: compile error");
        assertThat(run.names()).doesNotContain("ValidatingAdmissionPolicy/broken-policy");
    }

    @Test
    void exportsShippedPolicies_refusingThoseThatLookUpTheCluster() {
        Run run = export("policies");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.names()).containsExactly(
                "ValidatingAdmissionPolicy/externalsecret-store-scope",
                "ValidatingAdmissionPolicyBinding/externalsecret-store-scope-binding",
                "ValidatingAdmissionPolicy/pvc-access-modes",
                "ValidatingAdmissionPolicyBinding/pvc-access-modes-binding",
                "ValidatingAdmissionPolicy/pvc-size-bounds",
                "ValidatingAdmissionPolicyBinding/pvc-size-bounds-binding",
                "ValidatingAdmissionPolicy/pvc-storage-class",
                "ValidatingAdmissionPolicyBinding/pvc-storage-class-binding",
                "ValidatingAdmissionPolicy/secret-externally-sourced",
                "ValidatingAdmissionPolicyBinding/secret-externally-sourced-binding",
                "ValidatingAdmissionPolicy/secret-no-last-applied",
                "ValidatingAdmissionPolicyBinding/secret-no-last-applied-binding",
                "ValidatingAdmissionPolicy/secretstore-provider-allowed",
                "ValidatingAdmissionPolicyBinding/secretstore-provider-allowed-binding",
                "ValidatingAdmissionPolicy/statefulset-immutable-fields",
                "ValidatingAdmissionPolicyBinding/statefulset-immutable-fields-binding",
                "ValidatingAdmissionPolicy/statefulset-no-emptydir-data",
                "ValidatingAdmissionPolicyBinding/statefulset-no-emptydir-data-binding",
                "ValidatingAdmissionPolicy/statefulset-pvc-retention",
                "ValidatingAdmissionPolicyBinding/statefulset-pvc-retention-binding",
                "ValidatingAdmissionPolicy/statefulset-readiness-probe",
                "ValidatingAdmissionPolicyBinding/statefulset-readiness-probe-binding",
                "ValidatingAdmissionPolicy/statefulset-update-strategy",
                "ValidatingAdmissionPolicyBinding/statefulset-update-strategy-binding",
                "ValidatingAdmissionPolicy/statefulset-volume-claim-templates",
                "ValidatingAdmissionPolicyBinding/statefulset-volume-claim-templates-binding",
                "MutatingAdmissionPolicy/statefulset-readiness-probe-default",
                "MutatingAdmissionPolicyBinding/statefulset-readiness-probe-default-binding");
        assertThat(run.err()).contains("policies/statefulset-headless-service/policy.yaml: policy 'statefulset-headless-service' "
                + "not exported: uses resource.Get (Celador cluster lookup)");
        assertThat(run.err()).contains("policies/statefulset-disruption-budget/policy.yaml: policy 'statefulset-disruption-budget' "
                + "not exported: uses resource.Get, resource.List (Celador cluster lookups)");
        assertThat(run.err()).contains("policies/pvc-expansion-allowed/policy.yaml: policy 'pvc-expansion-allowed' "
                + "not exported: uses resource.Get (Celador cluster lookup)");
        assertThat(run.err()).contains("policies/service-statefulset-headless/policy.yaml: policy 'service-statefulset-headless' "
                + "not exported: uses resource.List (Celador cluster lookup)");
        assertThat(run.err()).contains("policies/storage-class-default/pvc.yaml: policy 'pvc-storage-class-default' not exported: "
                + "uses resource.List (Celador cluster lookup)");
        assertThat(run.err()).contains("policies/storage-class-default/statefulset.yaml: policy 'statefulset-storage-class-default' "
                + "not exported: uses resource.List (Celador cluster lookup)");
        JsonNode probe = run.find("MutatingAdmissionPolicy", "statefulset-readiness-probe-default");
        assertThat(probe.path("spec").path("mutations").get(0).path("applyConfiguration").path("expression").asText())
                .startsWith("Object{spec: Object.spec{template:").contains("\n");
        assertThat(run.find("MutatingAdmissionPolicyBinding", "statefulset-readiness-probe-default-binding")
                .path("spec").path("paramRef").path("name").asText()).isEqualTo("celador-readiness-probe-defaults");
        assertThat(run.kinds()).containsOnly("ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
                "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding");
        // No celador.dev kind or API version is left.
        assertThat(run.out()).doesNotContain("celador.dev/v1alpha1").doesNotContain("kind: ValidatingPolicy")
                .doesNotContain("kind: MutatingPolicy");
    }

    @Test
    void writesOneFilePerPolicy_withOutputDir(@TempDir Path dir) throws Exception {
        Run run = export(FIXTURES + "native", FIXTURES + "mutating", "--output-dir", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("mutatingadmissionpolicy-add-owner-label.yaml", "validatingadmissionpolicy-replicas-limit.yaml");
        }
        List<JsonNode> written = parse(Files.readString(dir.resolve("validatingadmissionpolicy-replicas-limit.yaml")));
        List<JsonNode> source = fixture("native/replicas-limit.yaml");
        assertThat(written).containsExactly(source.get(0), source.get(1));
    }

    @Test
    void helpSaysParamsAreNotWritten() {
        Run run = export("--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Params objects (ConfigMaps)").contains("--output-dir");
    }
}
