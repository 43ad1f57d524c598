package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Policy exceptions in `celador check` (JSON and text) and `celador lint` (warnings). */
class PolicyExceptionCliTest {

    private static final String SECRET_TESTS = "policies/secret-externally-sourced/tests/";
    private static final String ENGINE = "src/test/resources/engine/policy-exceptions/";

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static CliRun checkBootstrapAdmin(String exception, String output) {
        return run("check", "--policies", "policies", SECRET_TESTS + exception, "--resources", SECRET_TESTS + "secret-bootstrap-admin.yaml",
                "--user", "alice@example.com", "--output", output);
    }

    @Test
    void jsonResultIsSkipWithTheException_andOtherRowsKeepThePinnedShape() throws Exception {
        CliRun run = checkBootstrapAdmin("exception-bootstrap-admin.yaml", "json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        JsonNode lifted = null;
        for (JsonNode row : report.path("results")) {
            if (row.path("policy").asText().equals("secret-externally-sourced")) {
                lifted = row;
            } else {
                assertThat(row.has("exception")).as(row.toString()).isFalse();
            }
        }
        assertThat(lifted).isNotNull();
        assertThat(lifted.path("result").asText()).isEqualTo("skip");
        assertThat(lifted.path("messages")).isEmpty();
        assertThat(lifted.path("exception").path("name").asText()).isEqualTo("celador/shop-bootstrap-admin");
        assertThat(lifted.path("exception").path("reason").asText())
                .isEqualTo("bootstrap-admin is created once by the installer before the secret manager runs");
        assertThat(report.path("summary").path("fail").asInt()).isZero();
    }

    @Test
    void textShowsSkipWithExceptionAndReason() {
        CliRun run = checkBootstrapAdmin("exception-bootstrap-admin.yaml", "text");

        assertThat(run.out()).contains("Secret shop/bootstrap-admin (" + SECRET_TESTS + "secret-bootstrap-admin.yaml:1)\n"
                + "  SKIP (exception celador/shop-bootstrap-admin: bootstrap-admin is created once by the installer before the secret"
                + " manager runs)  secret-externally-sourced\n");
    }

    @Test
    void textNotesAnExceptionThatLiftedSomeValidations_besideTheFailureThatRemains() {
        CliRun run = run("check", "--policies", ENGINE + "policy.yaml", ENGINE + "exceptions/validation-by-name.yaml",
                "--resources", ENGINE + "objects/web-5-replicas-unlabelled.yaml", "--output", "text");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Deployment shop/web (" + ENGINE + "objects/web-5-replicas-unlabelled.yaml:1)\n"
                + "  FAIL  deployment-rules: the Deployment needs a team label\n"
                + "  NOTE  deployment-rules: some validations lifted (exception celador/big-web: web needs 5 replicas for the sale)\n"
                + "0 pass, 1 fail, 0 warn, 0 error, 0 skip\n");
    }

    @Test
    void expiredExceptionLeavesTheDenial() {
        CliRun run = checkBootstrapAdmin("exception-bootstrap-admin-expired.yaml", "text");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  secret-externally-sourced: Secret shop/bootstrap-admin may be created only")
                .doesNotContain("exception");
    }

    @Test
    void lintWarnsAboutExpiredExceptionsAndUnknownPolicies_withoutFailing() {
        CliRun run = run("lint", ENGINE + "policy.yaml", ENGINE + "exceptions/unknown-policy.yaml", ENGINE + "exceptions/not-yet-expired.yaml");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains(ENGINE + "exceptions/unknown-policy.yaml:6:14: PolicyException/typo/spec.policies[0].name:"
                + " warning: Not found: \"deployment-rulez\": no validating policy of that name is loaded");
        assertThat(run.out()).contains("PolicyException/typo/spec.expiresAt: warning: expired at 2020-01-01T00:00:00Z");
        assertThat(run.out()).doesNotContain("until-2999");
        assertThat(run.out()).endsWith("1 policies, 0 problems, 4 warnings\n");
    }

    @Test
    void lintFailsOnAMalformedException() {
        CliRun run = run("lint", ENGINE + "policy.yaml", ENGINE + "exceptions/invalid.yaml");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("PolicyException/broken/spec.reason: Required value");
    }

    @Test
    void testCommandRunsTheShippedExceptionCases() {
        CliRun run = run("test", "policies/secret-externally-sourced/tests/policy-test.yaml");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("PASS  skips a hand-made Secret a PolicyException names")
                .contains("PASS  denies it again once the PolicyException has expired");
    }

    @Test
    void testCommandFailsWhenTheExpectedExceptionIsNotTheOneCarried() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("exception-test");
        java.nio.file.Path abs = java.nio.file.Path.of(SECRET_TESTS).toAbsolutePath();
        java.nio.file.Files.writeString(dir.resolve("policy-test.yaml"), """
                apiVersion: celador.dev/v1alpha1
                kind: PolicyTest
                metadata: {name: wrong-exception}
                policies: [%1$s/../policy.yaml, %1$s/../params.yaml]
                cases:
                  - name: expects another exception
                    resource: %1$s/secret-bootstrap-admin.yaml
                    user: alice@example.com
                    exceptions: [%1$s/exception-bootstrap-admin.yaml]
                    expect:
                      - {policy: secret-externally-sourced, result: skip, exception: celador/someone-else}
                """.formatted(abs));

        CliRun run = run("test", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("expected exception celador/someone-else, got celador/shop-bootstrap-admin");
    }

    // celador export: exceptions with a native form are carried into the exported objects, others refused.

    private static JsonNode exported(String out, String kind, String name) throws Exception {
        com.fasterxml.jackson.dataformat.yaml.YAMLMapper yaml = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();
        for (JsonNode doc : yaml.readerFor(JsonNode.class).<JsonNode>readValues(out).readAll()) {
            if (doc.path("kind").asText().equals(kind) && doc.path("metadata").path("name").asText().equals(name)) {
                return doc;
            }
        }
        throw new AssertionError("no " + kind + " " + name + " in " + out);
    }

    @Test
    void exportTurnsNamespacesIntoANamespaceSelectorNotIn_besideTheBindingsOwn() throws Exception {
        CliRun run = run("export", "src/test/resources/cli/export-exceptions");

        JsonNode selector = exported(run.out(), "ValidatingAdmissionPolicyBinding", "service-no-nodeport-binding")
                .path("spec").path("matchResources").path("namespaceSelector");
        assertThat(selector.path("matchLabels").toString()).isEqualTo("{\"env\":\"prod\"}");
        assertThat(selector.path("matchExpressions").toString())
                .isEqualTo("[{\"key\":\"kubernetes.io/metadata.name\",\"operator\":\"NotIn\",\"values\":[\"sandbox\",\"lab\"]}]");
    }

    @Test
    void exportTurnsNamesIntoExcludeResourceRulesWithResourceNames() throws Exception {
        CliRun run = run("export", "src/test/resources/cli/export-exceptions");

        JsonNode excludes = exported(run.out(), "ValidatingAdmissionPolicyBinding", "configmap-owner-binding")
                .path("spec").path("matchResources").path("excludeResourceRules");
        assertThat(excludes).hasSize(1);
        assertThat(excludes.get(0).path("resources").toString()).isEqualTo("[\"configmaps\"]");
        assertThat(excludes.get(0).path("operations").toString()).isEqualTo("[\"CREATE\",\"UPDATE\"]");
        assertThat(excludes.get(0).path("resourceNames").toString()).isEqualTo("[\"kube-root-ca.crt\"]");
    }

    @Test
    void exportTurnsNamesWithinNamespacesIntoAMatchCondition_andDropsValidationNames() throws Exception {
        CliRun run = run("export", "src/test/resources/cli/export-exceptions");

        JsonNode spec = exported(run.out(), "ValidatingAdmissionPolicy", "configmap-owner").path("spec");
        assertThat(spec.path("matchConditions").toString()).isEqualTo("[{\"name\":\"celador-exception-celador-shop-legacy-config\","
                + "\"expression\":\"!(request.namespace in ['shop'] && request.name in ['legacy-config', 'legacy-flags'])\"}]");
        assertThat(spec.path("validations").get(0).has("name")).isFalse();
    }

    @Test
    void exportRefusesAnExceptionWithoutANativeForm_namingEveryReason() {
        CliRun run = run("export", "src/test/resources/cli/export-exceptions");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("PolicyException 'celador/batch-until-march' not exported: it uses expiresAt (the native API has no"
                + " expiry), single validations (a native binding applies all of a policy's validations), a label selector")
                .contains("celador export: 2 policies exported, 0 not exported, 1 exceptions not exported, 0 problems");
        assertThat(run.out()).doesNotContain("batch");
    }
}
