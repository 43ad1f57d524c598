package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** `celador lint`: one line per problem with file, line and column of the fault, policy and field; exit 1 on problems. */
class LintCommandTest {

    private record Run(int exit, String out) {
    }

    private static Run lint(String... paths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = new String[paths.length + 1];
        args[0] = "lint";
        System.arraycopy(paths, 0, args, 1, paths.length);
        int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reportsCompileErrorAtItsLineAndColumnWithPolicyFieldAndExpression() {
        Run run = lint("src/test/resources/webhook/policies");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("src/test/resources/webhook/policies/broken-policy.yaml:17:41: "
                + "broken-policy/spec.validations[0].expression: compile error: ERROR: <input>:1:23: mismatched input '<EOF>'");
        assertThat(run.out()).contains("    expression: object.spec.replicas >");
        assertThat(run.out()).doesNotContain("refers to policy");
        assertThat(run.out()).endsWith("9 policies, 1 problems\n");
    }

    @Test
    void reportsBadYamlWithTheParsersMessageAtTheLineAndColumnOfTheError() {
        Run run = lint("src/test/resources/cli/broken-policies");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("src/test/resources/cli/broken-policies/bad.yaml:4:7: bad spec/metadata.name: invalid YAML: "
                + "while parsing a flow mapping (line 3, column 11): expected ',' or '}', but got :\n");
    }

    @Test
    void reportsCompileErrorInsideBlockScalarAtTheLineAndColumnOfTheFile() {
        Run run = lint("src/test/resources/policy/locations/undeclared-reference-in-literal-block.yaml");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("src/test/resources/policy/locations/undeclared-reference-in-literal-block.yaml:17:11: "
                + "undeclared-reference-in-literal-block/spec.validations[0].expression: compile error: "
                + "ERROR: <input>:3:3: undeclared reference to 'objct'");
        assertThat(run.out()).endsWith("1 policies, 1 problems\n");
    }

    @Test
    void passesTheShippedPolicies() {
        Run run = lint("policies");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).endsWith(" problems\n").contains(", 0 problems");
    }

    @Test
    void reportsAnUndeclaredVariableAtItsLineAndColumnInsideAMultiLineBlockScalar() {
        Run run = lint("src/test/resources/enforcement/probe-variable-typo.yaml");

        assertThat(run.exit()).isEqualTo(1);
        // Line 2 of the expression is line 16 of the file; the block's content is indented 8 columns.
        assertThat(run.out()).startsWith("src/test/resources/enforcement/probe-variable-typo.yaml:16:26: "
                + "probe-variable-typo/spec.validations[0].expression: compile error: ERROR: <input>:2:18: undefined field 'unprobd'"
                + " (declared before this expression: unprobed)");
    }
}
