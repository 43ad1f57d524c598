package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `celador check` run in-process on fixture trees: the pinned JSON shape, text output and exit codes. */
class CheckCommandTest {

    private static final String TREE = "src/test/resources/cli/";

    private record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }

        JsonNode row(String policy, String resourceName, String kind) throws Exception {
            for (JsonNode r : json().path("results")) {
                if (r.path("policy").asText().equals(policy) && r.path("resource").path("name").asText().equals(resourceName)
                        && r.path("resource").path("kind").asText().equals(kind)) {
                    return r;
                }
            }
            throw new AssertionError("no result for " + policy + " on " + kind + " " + resourceName + " in " + out);
        }
    }

    private static Run check(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(args));
        int exit = CeladorMain.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reportsEveryPolicyOnEveryResource_inThePinnedJsonShape() throws Exception {
        Run run = check("", "--policies", TREE + "policies", "--resources", TREE + "manifests",
                "--cluster-state", TREE + "cluster-state", "--output", "json");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode summary = run.json().path("summary");
        assertThat(summary.path("pass").asInt()).isEqualTo(3);
        assertThat(summary.path("fail").asInt()).isEqualTo(1);
        assertThat(summary.path("warn").asInt()).isEqualTo(1);
        assertThat(summary.path("error").asInt()).isZero();
        assertThat(summary.path("skip").asInt()).isEqualTo(4);
        assertThat(run.json().path("results")).hasSize(9);

        JsonNode fail = run.row("statefulset-volume-claim-templates", "cache", "StatefulSet");
        assertThat(fail.path("binding").isNull()).isTrue();
        assertThat(fail.path("result").asText()).isEqualTo("fail");
        assertThat(fail.path("actions").toString()).isEqualTo("[\"Deny\"]");
        assertThat(fail.path("messages").get(0).asText()).isEqualTo("StatefulSet cache has no volumeClaimTemplates: add one per data volume");
        assertThat(fail.path("resource").toString())
                .isEqualTo("{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"namespace\":\"shop\",\"name\":\"cache\"}");

        JsonNode warn = run.row("statefulset-replicas", "db", "StatefulSet");
        assertThat(warn.path("binding").asText()).isEqualTo("statefulset-replicas-warn");
        assertThat(warn.path("result").asText()).isEqualTo("warn");
        assertThat(warn.path("actions").toString()).isEqualTo("[\"Warn\"]");

        assertThat(run.row("statefulset-volume-claim-templates", "cache", "Service").path("result").asText()).isEqualTo("skip");
        assertThat(run.row("statefulset-replicas", "cache", "StatefulSet").path("result").asText()).isEqualTo("skip");
    }

    @Test
    void unboundNativePolicyIsCheckedAsDeny_andLooksUpTheResourcesBeingChecked() throws Exception {
        Run withoutState = check("", "--policies", TREE + "policies", "--resources", TREE + "manifests", "--output", "json");

        JsonNode missing = withoutState.row("statefulset-service-exists", "db", "StatefulSet");
        assertThat(missing.path("binding").isNull()).isTrue();
        assertThat(missing.path("result").asText()).isEqualTo("fail");
        assertThat(missing.path("messages").get(0).asText()).isEqualTo("Service db not found in shop");
        // The headless Service for cache is among the resources, so the lookup finds it.
        assertThat(withoutState.row("statefulset-service-exists", "cache", "StatefulSet").path("result").asText()).isEqualTo("pass");
    }

    @Test
    void readsAMultiDocumentStreamFromStdin() throws Exception {
        String stream = Files.readString(Path.of(TREE + "manifests/db.yaml")) + "\n---\n"
                + Files.readString(Path.of(TREE + "cluster-state/db-service.yaml"));

        Run run = check(stream, "--policies", TREE + "policies", "--resources", "-", "--output", "json");

        assertThat(run.exit()).isZero();
        assertThat(run.row("statefulset-service-exists", "db", "StatefulSet").path("result").asText()).isEqualTo("pass");
        assertThat(run.json().path("summary").path("warn").asInt()).isEqualTo(1);
    }

    @Test
    void printsOneLinePerViolationGroupedByResource_withASummary() {
        Run run = check("", "--policies", TREE + "policies", "--resources", TREE + "manifests", "--cluster-state", TREE + "cluster-state");

        assertThat(run.out()).contains("StatefulSet shop/cache (" + TREE + "manifests/cache.yaml:4)\n  FAIL  statefulset-volume-claim-templates: "
                + "StatefulSet cache has no volumeClaimTemplates: add one per data volume\n");
        assertThat(run.out()).contains("StatefulSet shop/db (" + TREE + "manifests/db.yaml:1)\n  WARN  statefulset-replicas (statefulset-replicas-warn): "
                + "quorum StatefulSet runs 1 replicas; run at least 3\n");
        assertThat(run.out()).endsWith("3 pass, 1 fail, 1 warn, 0 error, 4 skip\n");
    }

    @Test
    void exitsZeroWhenNothingFails() {
        Run run = check("", "--policies", TREE + "policies/statefulset-replicas.yaml", "--resources", TREE + "manifests");

        assertThat(run.exit()).isZero();
    }

    @Test
    void exitsTwoOnBadYaml_namingTheFile_andStillPrintsTheSummary() {
        Run run = check("", "--policies", TREE + "broken-policies", "--resources", TREE + "manifests");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("broken-policies/bad.yaml:4:").contains("invalid YAML");
        assertThat(run.out()).endsWith("0 pass, 0 fail, 0 warn, 0 error, 0 skip\n");
    }

    @Test
    void exitsTwoOnUnknownKindInPolicyGroup() throws Exception {
        Path dir = Files.createTempDirectory("celador-unknown-kind");
        Files.writeString(dir.resolve("policy.yaml"), "apiVersion: celador.dev/v1alpha1\nkind: ValidatingPolice\nmetadata: {name: x}\n");

        Run run = check("", "--policies", dir.toString(), "--resources", TREE + "manifests");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown kind 'ValidatingPolice' in group celador.dev");
    }

    @Test
    void exitsTwoOnMissingFileOrBadUsage() {
        assertThat(check("", "--policies", TREE + "no-such-dir", "--resources", TREE + "manifests").err())
                .contains("no such file or directory");
        assertThat(check("", "--policies", TREE + "no-such-dir", "--resources", TREE + "manifests").exit()).isEqualTo(2);
        assertThat(check("", "--resources", TREE + "manifests").exit()).isEqualTo(2);
        assertThat(check("", "--policies", TREE + "policies", "--resources", TREE + "manifests", "--operation", "PATCH").exit())
                .isEqualTo(2);
    }

    @Test
    void emptyPolicyDirectoryChecksNothingAndPasses() throws Exception {
        Run run = check("", "--policies", TREE + "empty-policies", "--resources", TREE + "manifests", "--output", "json");

        assertThat(run.exit()).isZero();
        assertThat(run.json().path("results")).isEmpty();
        assertThat(run.json().path("summary").path("pass").asInt()).isZero();
    }

    private static final String ENFORCEMENT = "src/test/resources/enforcement/";

    @Test
    void reportsAnErrorAndExitsOne_whenAFailPolicyDoesNotCompile_likeTheWebhookDenies() throws Exception {
        Run run = check("", "--policies", ENFORCEMENT + "replicas-limit-type-error.yaml",
                "--resources", ENFORCEMENT + "manifests/sts-db-3-replicas.yaml", "--output", "json");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode row = run.row("replicas-limit", "db", "StatefulSet");
        assertThat(row.path("result").asText()).isEqualTo("error");
        assertThat(row.path("failurePolicy").asText()).isEqualTo("Fail");
        assertThat(row.path("messages").get(0).asText()).contains("compilation error: 1:27: found no matching overload");
        assertThat(run.json().has("problems")).as("a policy that does not compile still loads").isFalse();
        assertThat(run.err()).contains("replicas-limit/spec.validations[0].expression: compile error");
    }

    @Test
    void reportsAnIgnoredErrorAndExitsZero_whenAnIgnorePolicyDoesNotCompile_likeTheWebhookAllows() {
        Run run = check("", "--policies", ENFORCEMENT + "deployment-replicas-type-error-ignore.yaml",
                "--resources", ENFORCEMENT + "manifests/deployment-web-3-replicas.yaml");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Deployment shop/web (" + ENFORCEMENT + "manifests/deployment-web-3-replicas.yaml:1)\n  ERROR (ignored: failurePolicy Ignore)  deployment-replicas: ")
                .endsWith("0 pass, 0 fail, 0 warn, 1 error, 0 skip\n");
    }

    @Test
    void exitsTwoOnAPolicyDocumentThatDoesNotParse_andStillPrintsTheOthersResults_withTheProblemsInJson() throws Exception {
        Run run = check("", "--policies", ENFORCEMENT + "replicas-limit.yaml", TREE + "broken-policies/bad.yaml",
                "--resources", ENFORCEMENT + "manifests/sts-db-3-replicas.yaml", "--output", "json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.row("replicas-limit", "db", "StatefulSet").path("result").asText()).isEqualTo("pass");
        JsonNode problem = run.json().path("problems").get(0);
        assertThat(problem.path("file").asText()).isEqualTo(TREE + "broken-policies/bad.yaml");
        assertThat(problem.path("line").asInt()).isEqualTo(4);
        assertThat(problem.path("message").asText()).startsWith("invalid YAML");
    }
}
