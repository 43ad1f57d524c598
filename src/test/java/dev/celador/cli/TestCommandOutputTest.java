package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** `celador test --output github|sarif`: each failing case annotated at the line of the case in its test file. */
class TestCommandOutputTest {

    private static final String FAILING = "src/test/resources/cli-test/failing-expectation";

    @Test
    void githubOutputAnnotatesEachMismatchAtItsCase() {
        CliRun run = CliRun.of("test", FAILING, "--output", "github");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("(?m)^::error file=[^,]+\\.yaml,line=\\d+,title=[a-z-]+::.+: expected ");
        assertThat(run.out()).doesNotContain("  PASS  ").doesNotContain("  FAIL  ");
    }

    @Test
    void sarifOutputValidatesAndPlacesEachMismatchAtItsCase() throws Exception {
        CliRun run = CliRun.of("test", FAILING, "--output", "sarif");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(CheckReportsTest.schemaErrors(run.out())).isEmpty();
        JsonNode result = run.json().path("runs").get(0).path("results").get(0);
        assertThat(result.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt()).isGreaterThan(1);
        assertThat(run.json().path("runs").get(0).path("tool").path("driver").path("rules").findValuesAsText("id"))
                .contains(result.path("ruleId").asText());
    }

    @Test
    void shippedPoliciesPassWithNoAnnotation() {
        CliRun run = CliRun.of("test", "policies", "--output", "github");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).doesNotContain("::error");
    }
}
