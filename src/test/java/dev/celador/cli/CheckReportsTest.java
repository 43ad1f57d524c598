package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What `celador check` reports in each format: every result names its file and line; verbose text
 * shows PASS and SKIP lines with the reason; MUTATED lines; SARIF that the SARIF 2.1.0 schema
 * accepts; GitHub workflow annotations.
 */
class CheckReportsTest {

    private static final String FIXTURES = "src/test/resources/cli-check/";
    private static final String DEPLOYMENTS = FIXTURES + "manifests/deployments.yaml";

    private static CliRun check(String... args) {
        List<String> all = new ArrayList<>(List.of("check", "--policies", FIXTURES + "policies", "--resources", FIXTURES + "manifests"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void verboseTextShowsPassAndSkipLines_eachSkipWithItsReason() {
        CliRun run = check("-v");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("Deployment shop/web (" + DEPLOYMENTS + ":2)\n")
                .contains("  FAIL  deployment-replicas: Deployment web runs 8 replicas; run at most 5\n")
                .contains("Deployment shop/legacy (" + DEPLOYMENTS + ":7)\n  SKIP  configmap-owner: not matched: the policy's resourceRules "
                        + "do not select CREATE deployments\n  SKIP  deployment-replicas: excluded: the policy's excludeResourceRules\n")
                .contains("Deployment default/api (" + DEPLOYMENTS + ":12)\n")
                .contains("  PASS  deployment-replicas\n")
                .endsWith("1 pass, 1 fail, 1 warn, 0 error, 5 skip\n");
    }

    @Test
    void plainTextLeavesOutPassAndSkipLines() {
        CliRun run = check();

        assertThat(run.out()).doesNotContain("PASS").doesNotContain("SKIP").doesNotContain("legacy")
                .contains("  WARN  configmap-owner: every ConfigMap names its owner in an owner label");
    }

    @Test
    void jsonRowsNameTheirSourceFileAndLine_andTheNamespaceTheRequestCarries() {
        CliRun run = check("--output", "json");

        JsonNode api = null;
        for (JsonNode row : run.json().path("results")) {
            assertThat(row.path("source").path("file").asText()).startsWith(FIXTURES + "manifests/");
            assertThat(row.path("source").path("line").asInt()).isPositive();
            if (row.path("resource").path("name").asText().equals("api") && row.path("policy").asText().equals("deployment-replicas")) {
                api = row;
            }
        }
        assertThat(api).isNotNull();
        assertThat(api.path("resource").path("namespace").asText()).as("as the request and its messages say").isEqualTo("default");
        assertThat(api.path("source").path("line").asInt()).isEqualTo(12);
    }

    @Test
    void showsWhatEachMutatingPolicyChanged_beforeTheValidations() {
        CliRun run = CliRun.of("check", "--policies", "policies", "--resources", "examples/kafka/bad");

        assertThat(run.out()).contains("StatefulSet streaming/kafka (examples/kafka/bad/kafka.yaml:13)\n"
                + "  MUTATED  statefulset-readiness-probe-default: add /spec/template/spec/containers/0/readinessProbe\n"
                + "  MUTATED  statefulset-storage-class-default: add /spec/volumeClaimTemplates/0/spec/storageClassName\n");
        assertThat(CliRun.of("check", "--policies", "policies", "--resources", "examples/kafka/bad", "--output", "json").json()
                .path("results").get(0).toString()).doesNotContain("mutatedBy");
    }

    @Test
    void warnsOfAnObjectGivenTwice_andChecksBoth() {
        CliRun run = CliRun.of("check", "--policies", FIXTURES + "policies", "--resources", FIXTURES + "duplicate-deployments.yaml",
                "--output", "json");

        assertThat(run.exit()).isZero();
        String place = FIXTURES + "duplicate-deployments.yaml";
        assertThat(run.err()).contains("warning: Deployment shop/web is given more than once (" + place + ":1 and " + place + ":6)");
        assertThat(run.json().path("warnings").get(0).asText()).contains("Deployment shop/web is given more than once");
        assertThat(run.json().path("summary").path("pass").asInt()).isEqualTo(2);
    }

    @Test
    void readsLookedUpObjectsThatComeLaterOnStandardInput() throws Exception {
        String kafka = Files.readString(Path.of("examples/kafka/good/kafka.yaml"));
        // The StatefulSet first, its headless Service after it: the lookup still finds the Service.
        String[] docs = kafka.split("(?m)^---\\s*$");
        StringBuilder reversed = new StringBuilder();
        for (int i = docs.length - 1; i >= 0; i--) {
            reversed.append(docs[i]).append("\n---\n");
        }
        CliRun run = CliRun.withStdin(reversed.toString(), "check", "--policies", "policies", "--resources", "-", "--output", "json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.json().path("results").get(0).path("source").path("file").asText()).isEqualTo("<stdin>");
    }

    @Test
    void sarifValidatesAgainstTheSarif210Schema_withEachViolationAtItsFileAndLine() throws Exception {
        CliRun run = check("--output", "sarif");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(schemaErrors(run.out())).isEmpty();
        JsonNode sarif = run.json();
        JsonNode driver = sarif.path("runs").get(0).path("tool").path("driver");
        assertThat(driver.path("rules").findValuesAsText("id")).containsExactly("configmap-owner", "deployment-replicas");
        assertThat(driver.path("rules").get(1).path("shortDescription").path("text").asText())
                .as("from the policy's annotation").isEqualTo("Deployments run at most five replicas.");
        JsonNode results = sarif.path("runs").get(0).path("results");
        assertThat(results).hasSize(2);
        JsonNode web = results.get(1);
        assertThat(web.path("ruleId").asText()).isEqualTo("deployment-replicas");
        assertThat(web.path("ruleIndex").asInt()).isEqualTo(1);
        assertThat(web.path("level").asText()).isEqualTo("error");
        assertThat(web.path("message").path("text").asText()).isEqualTo("Deployment shop/web: Deployment web runs 8 replicas; run at most 5");
        JsonNode location = web.path("locations").get(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asText()).isEqualTo(DEPLOYMENTS);
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(2);
        assertThat(results.get(0).path("level").asText()).as("Warn").isEqualTo("warning");
    }

    @Test
    void schemaCheckRefusesARunWithoutItsTool() throws Exception {
        assertThat(schemaErrors("{\"version\": \"2.1.0\", \"runs\": [{\"results\": []}]}")).isNotEmpty();
    }

    @Test
    void sarifDescribesShippedPoliciesFromTheirReadme_andListsInputProblemsAsNotifications() throws Exception {
        CliRun run = CliRun.of("check", "--policies", "policies", "--resources", "examples/postgres/bad", FIXTURES + "no-kind.yaml",
                "--output", "sarif");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(schemaErrors(run.out())).isEmpty();
        JsonNode rules = run.json().path("runs").get(0).path("tool").path("driver").path("rules");
        for (JsonNode rule : rules) {
            assertThat(rule.path("shortDescription").path("text").asText()).as(rule.path("id").asText()).doesNotStartWith("Policy ");
        }
        assertThat(rules.findValuesAsText("id")).contains("statefulset-headless-service", "pvc-storage-class-default");
        JsonNode invocation = run.json().path("runs").get(0).path("invocations").get(0);
        assertThat(invocation.path("executionSuccessful").asBoolean()).isFalse();
        assertThat(invocation.path("toolExecutionNotifications").get(0).path("message").path("text").asText()).contains("no apiVersion");
    }

    @Test
    void githubOutputAnnotatesEachViolationAtItsFileAndLine() {
        CliRun run = check("--output", "github");

        assertThat(run.out().lines().toList()).containsExactly(
                "::warning file=" + FIXTURES + "manifests/configmap-without-owner.yaml,line=1,title=configmap-owner::ConfigMap shop/settings: "
                        + "every ConfigMap names its owner in an owner label",
                "::error file=" + DEPLOYMENTS + ",line=2,title=deployment-replicas::Deployment shop/web: Deployment web runs 8 replicas; "
                        + "run at most 5",
                "1 pass, 1 fail, 1 warn, 0 error, 5 skip");
    }

    @Test
    void githubAnnotationsEscapeWhatWouldEndTheCommand() {
        assertThat(GithubReport.annotation("error", "a,b:c.yaml", 3, "p", "50% off\nnext line"))
                .isEqualTo("::error file=a%2Cb%3Ac.yaml,line=3,title=p::50%25 off%0Anext line");
    }

    static List<Error> schemaErrors(String sarif) throws Exception {
        try (InputStream schema = Files.newInputStream(Path.of(FIXTURES + "sarif-schema-2.1.0.json"))) {
            Schema validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema, InputFormat.JSON);
            return validator.validate(sarif, InputFormat.JSON);
        }
    }
}
