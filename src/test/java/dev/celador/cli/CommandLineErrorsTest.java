package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A command line that cannot be run says what is wrong with it, naming the argument at fault; exit 2. */
class CommandLineErrorsTest {

    private static final String FIXTURES = "src/test/resources/cli-check/";

    @Test
    void namesAnUnknownOptionAsUnknown_neverAsAResourceFile() {
        CliRun run = CliRun.of("check", "--policies", FIXTURES + "policies", "--resources", FIXTURES + "manifests", "--namespace", "prod");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("celador check: unknown option --namespace").doesNotContain("no such file");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void takesVerboseAfterResourcesAsTheFlag() {
        CliRun run = CliRun.of("check", "--policies", FIXTURES + "policies", "--resources", FIXTURES + "manifests", "--verbose");

        assertThat(run.err()).doesNotContain("no such file");
        assertThat(run.out()).contains("  PASS  deployment-replicas");
    }

    @Test
    void namesAMistypedOptionWithTheOneItMeant_insteadOfPrintingTheWholeHelp() {
        CliRun run = CliRun.of("check", "--policy", FIXTURES + "policies", "--resources", FIXTURES + "manifests");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("celador check: unknown option --policy (did you mean --policies?)")
                .doesNotContain("Missing required option").doesNotContain("Usage:");
    }

    @Test
    void blamesOutputForABadOutputValue_notOperation() {
        CliRun run = CliRun.of("check", "--policies", FIXTURES + "policies", "--resources", FIXTURES + "manifests", "--output", "yaml");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--output").contains("'yaml'").contains("text, json, sarif, github").doesNotContain("--operation");
    }

    @Test
    void blamesOperationForABadOperation_notOutput() {
        CliRun run = CliRun.of("check", "--policies", FIXTURES + "policies", "--resources", FIXTURES + "manifests", "--operation", "PATCH");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--operation must be CREATE, UPDATE or DELETE, not 'PATCH'").doesNotContain("--output");
    }

    @Test
    void namesAMissingResourceFileByItsPath() {
        CliRun run = CliRun.of("check", "--policies", FIXTURES + "policies", "--resources", FIXTURES + "nowhere.yaml");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("celador check: " + FIXTURES + "nowhere.yaml: no such file or directory")
                .doesNotContain("document 0");
    }

    @Test
    void lintNamesAMissingPathByItsPath() {
        CliRun run = CliRun.of("lint", FIXTURES + "nowhere");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains(FIXTURES + "nowhere: no such file or directory").doesNotContain(":0:0:");
    }

    @Test
    void refusesADocumentWithoutApiVersionAndKind_atItsFileAndLine() {
        CliRun run = CliRun.of("check", "--policies", FIXTURES + "policies", "--resources", FIXTURES + "no-kind.yaml", "--output", "json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(FIXTURES + "no-kind.yaml:6:").contains("not a Kubernetes object: no apiVersion and kind");
        assertThat(run.json().path("problems").get(0).path("line").asInt()).isEqualTo(6);
        assertThat(run.json().path("summary").path("warn").asInt()).as("the ConfigMap before it is still checked").isEqualTo(1);
    }

    @Test
    void topLevelHelpSaysServeServesValidateAndMutate() {
        CliRun run = CliRun.of("--help");

        assertThat(run.out()).contains("Serve /validate and /mutate over HTTPS");
    }

    @Test
    void lintReadsPoliciesWhenGivenNoPath_asTestAndServeDo() {
        CliRun run = CliRun.of("lint");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).containsPattern("\\d\\d policies, 0 problems");
    }
}
