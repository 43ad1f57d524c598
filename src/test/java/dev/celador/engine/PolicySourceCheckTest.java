package dev.celador.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes of the policy ConfigMap, checked as the webhook would load the mounted directory. */
class PolicySourceCheckTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final CelEnvironment CEL = new CelEnvironment();
    private static final PolicySourceCheck CHECK = new PolicySourceCheck(CEL);

    private static JsonNode configMap(String scenario) throws IOException {
        return YAML.readTree(Path.of("src/test/resources/policy-source", scenario + ".yaml").toFile());
    }

    private static List<String> located(JsonNode configMap) {
        return CHECK.problems(configMap).stream().map(Problem::located).toList();
    }

    /** An AdmissionReview request for a write of this ConfigMap, as the API server sends it. */
    private static AdmissionRequest write(String operation, JsonNode configMap) {
        ObjectNode r = YAML.createObjectNode();
        r.put("uid", "policy-source-1");
        r.put("operation", operation);
        r.putObject("resource").put("group", "").put("version", "v1").put("resource", "configmaps");
        r.putObject("kind").put("group", "").put("version", "v1").put("kind", "ConfigMap");
        r.put("namespace", "celador");
        r.put("name", "celador-policies");
        if (configMap != null) {
            r.set("object", configMap);
        }
        return AdmissionRequest.of(r);
    }

    /**
     * The problem names the key as its file and a line from its document's first line (where the
     * reader places problems today) up to the offending field's line (where a precise location
     * puts them); the column is not pinned.
     */
    private static void assertLocated(String problem, String key, int documentLine, int fieldLine) {
        assertThat(problem).startsWith(key + ":");
        String[] parts = problem.substring(key.length() + 1).split(":", 3);
        assertThat(parts[1]).as("column of %s", problem).matches("\\d+");
        assertThat(Integer.parseInt(parts[0])).as("line of %s", problem).isBetween(documentLine, fieldLine);
    }

    @Test
    void allowsASetThatLoads_ignoringKeysThatAreNoPolicyFiles() throws IOException {
        JsonNode cm = configMap("configmap-loads-cleanly");
        assertThat(located(cm)).isEmpty();
        AdmissionVerdict verdict = CHECK.verdict(write("UPDATE", cm));
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.uid()).isEqualTo("policy-source-1");
    }

    /** The shipped set, as deploy/sync-policies.sh lays it out for the ConfigMap, loads cleanly. */
    @Test
    void allowsTheShippedPolicyConfigMap() throws IOException {
        ObjectNode cm = YAML.createObjectNode();
        ObjectNode data = cm.put("apiVersion", "v1").put("kind", "ConfigMap").putObject("data");
        try (Stream<Path> files = Files.list(Path.of("deploy/policies"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().contains("--")).toList()) {
                data.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        assertThat(data.size()).isGreaterThan(10);
        assertThat(located(cm)).isEmpty();
        assertThat(CHECK.verdict(write("CREATE", cm)).allowed()).isTrue();
    }

    @Test
    void deniesBrokenYaml_atTheParsersLineInTheKey() throws IOException {
        List<String> problems = located(configMap("configmap-broken-yaml"));
        assertThat(problems).hasSize(1);
        // The unclosed flow sequence opens on line 6; the parser notices it on the next line.
        assertLocated(problems.get(0), "broken-yaml--policy.yaml", 6, 7);
        assertThat(problems.get(0)).containsIgnoringCase("YAML");
    }

    @Test
    void deniesACelTypeError_atItsDocumentInAMultiDocumentKey() throws IOException {
        List<String> problems = located(configMap("configmap-cel-compile-error"));
        assertThat(problems).hasSize(1);
        // The second document starts on line 13 of the key; its expression is on line 23.
        assertLocated(problems.get(0), "names--policy.yaml", 13, 23);
        assertThat(problems.get(0))
                .contains(": name-length/spec.validations[0].expression: compile error: ")
                .contains("found no matching overload for '_>_' applied to '(int, string)'");
    }

    @Test
    void deniesAnUnknownKind_namingTheKindAndWhatIsExpected() throws IOException {
        List<String> problems = located(configMap("configmap-unknown-kind"));
        assertThat(problems).hasSize(1);
        assertLocated(problems.get(0), "misspelt--policy.yml", 1, 2);
        assertThat(problems.get(0)).endsWith(": misspelt/kind: unknown kind 'ValidatingPolicyy' in group celador.dev: expected ValidatingPolicy, MutatingPolicy or PolicyException");
    }

    @Test
    void deniesAPolicyFileInBinaryData_decodedAsTheKubeletWritesIt() throws IOException {
        List<String> problems = located(configMap("configmap-binary-data-cel-compile-error"));
        assertThat(problems).hasSize(1);
        assertLocated(problems.get(0), "binary--policy.yaml", 1, 11);
        assertThat(problems.get(0)).contains("binary-type-error/spec.validations[0].expression: compile error: ");
    }

    @Test
    void deniesWithEveryProblemListed_inKeyOrder_as422Invalid() throws IOException {
        AdmissionVerdict verdict = CHECK.verdict(write("CREATE", configMap("configmap-three-broken-files")));
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.code()).isEqualTo(422);
        assertThat(verdict.reason()).isEqualTo("Invalid");
        List<String> lines = verdict.message().lines().filter(l -> !l.startsWith(" ")).toList();
        assertThat(lines.get(0)).isEqualTo("ConfigMap celador/celador-policies is refused: its policies would not load (3 problems):");
        assertThat(lines.subList(1, lines.size())).satisfiesExactly(
                l -> assertThat(l).satisfies(x -> assertLocated(x, "a-broken-yaml.yaml", 3, 4)).containsIgnoringCase("YAML"),
                l -> assertThat(l).satisfies(x -> assertLocated(x, "b-type-error.yaml", 1, 12))
                        .contains(": type-error/spec.validations[1].expression: compile error: must evaluate to bool, but evaluates to string"),
                l -> assertThat(l).satisfies(x -> assertLocated(x, "c-unknown-kind.json", 1, 1))
                        .contains(": unknown-kind/kind: unknown kind 'ValidatingAdmissionPolicyBindingg'"));
    }

    @Test
    void answersADryRunExactlyLikeTheRealWrite() throws IOException {
        JsonNode cm = configMap("configmap-cel-compile-error");
        AdmissionRequest real = write("UPDATE", cm);
        ObjectNode dry = ((ObjectNode) real.node()).deepCopy().put("dryRun", true);
        AdmissionVerdict a = CHECK.verdict(real);
        AdmissionVerdict b = CHECK.verdict(AdmissionRequest.of(dry));
        assertThat(b.allowed()).isFalse();
        assertThat(b.code()).isEqualTo(a.code());
        assertThat(b.message()).isEqualTo(a.message());
    }

    /** The API server sends neither, but a review from elsewhere may: each is a problem naming its key, never an exception. */
    @Test
    void deniesANonStringDataValueAndBinaryDataThatIsNotBase64_namingTheKeys() {
        ObjectNode cm = YAML.createObjectNode();
        cm.putObject("data").put("number.yaml", 42);
        cm.putObject("binaryData").put("garbled.yaml", "not*base64!");
        assertThat(located(cm)).containsExactly(
                "garbled.yaml:0:0: -/-: binaryData value is not base64",
                "number.yaml:0:0: -/-: data value is not a string");
    }

    @Test
    void allowsADelete_whichRemovesNoPolicyFromARunningWebhook() {
        assertThat(CHECK.verdict(write("DELETE", null)).allowed()).isTrue();
    }

    @Test
    void givesNoOpinionOnAnythingButAConfigMap() throws IOException {
        ObjectNode r = ((ObjectNode) write("CREATE", configMap("configmap-unknown-kind")).node()).deepCopy();
        r.putObject("resource").put("group", "").put("version", "v1").put("resource", "secrets");
        assertThat(CHECK.verdict(AdmissionRequest.of(r)).allowed()).isTrue();
    }

    /** The check and the directory load agree, problem for problem, on the same files. */
    @Test
    void findsWhatTheDirectoryLoadFinds_onTheSameFiles(@TempDir Path dir) throws IOException {
        JsonNode cm = configMap("configmap-three-broken-files");
        for (var it = cm.path("data").fields(); it.hasNext();) {
            var e = it.next();
            Files.writeString(dir.resolve(e.getKey()), e.getValue().asText(), StandardCharsets.UTF_8);
        }
        List<String> fromDirectory = new PolicyCompiler(CEL).compile(new PolicyLoader().load(List.of(dir))).problems().stream()
                .map(Problem::located).map(l -> l.substring(dir.toString().length() + 1)).toList();
        assertThat(fromDirectory).hasSize(3);
        assertThat(located(cm)).containsExactlyInAnyOrderElementsOf(fromDirectory);
    }

    @Test
    void capsTheListing_andSaysHowManyMoreThereAre() {
        ObjectNode cm = YAML.createObjectNode();
        ObjectNode data = cm.putObject("data");
        int files = PolicySourceCheck.MAX_LISTED_PROBLEMS + 5;
        for (int i = 0; i < files; i++) {
            data.put(String.format("broken-%03d.yaml", i), "kind: [unclosed\n");
        }
        AdmissionVerdict verdict = CHECK.verdict(write("CREATE", cm));
        assertThat(verdict.message()).contains("(" + files + " problems)")
                .contains("broken-000.yaml:").contains("broken-099.yaml:").doesNotContain("broken-100.yaml:")
                .endsWith("... and 5 more (celador lint on the files lists them all)");
        assertThat(verdict.message().length()).isLessThanOrEqualTo(PolicySourceCheck.MAX_MESSAGE_CHARS + 1200);
    }

    /** A CEL error quotes its expression's line: one huge line still shows its place, cut short. */
    @Test
    void showsTheFirstProblemEvenWhenItAloneIsLongerThanTheLimit() {
        ObjectNode cm = YAML.createObjectNode();
        String longName = "x".repeat(PolicySourceCheck.MAX_MESSAGE_CHARS);
        cm.putObject("data").put("huge.yaml", "apiVersion: celador.dev/v1alpha1\nkind: Unknown\nmetadata: {name: " + longName + "}\n");
        String message = CHECK.verdict(write("CREATE", cm)).message();
        assertThat(message).contains("\nhuge.yaml:2:").endsWith("…").doesNotContain("more (celador lint");
        assertThat(message.length()).isLessThanOrEqualTo(PolicySourceCheck.MAX_MESSAGE_CHARS + 1200);
    }
}
