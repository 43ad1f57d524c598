package dev.celador.engine.compile;

import static dev.celador.policy.ProblemLocations.fixture;
import static dev.celador.policy.ProblemLocations.textAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cel.CelEnvironment;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.Problem;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A compile error is reported at the line and column of the file where the compiler found it
 * inside the expression, whatever the scalar style the expression is written in.
 */
class CompileErrorLocationTest {

    private static final CelEnvironment CEL = new CelEnvironment();

    private static Problem onlyProblem(String scenario) {
        List<Problem> problems = new PolicyCompiler(CEL).compile(new PolicyLoader().load(List.of(fixture(scenario)))).problems()
                .stream().filter(p -> p.message().startsWith("compile error")).toList();
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @ParameterizedTest(name = "{0} at {1}:{2}")
    @CsvSource(delimiter = '|', textBlock = """
            undeclared-reference-in-literal-block          | 17 | 11 | spec.validations[0].expression
            undeclared-reference-in-indented-literal-block | 17 | 11 | spec.validations[0].expression
            undeclared-reference-in-folded-block           | 17 | 9  | spec.validations[0].expression
            undeclared-reference-in-plain-multiline-scalar | 15 | 9  | spec.validations[0].expression
            undeclared-reference-in-double-quoted-scalar   | 14 | 83 | spec.validations[0].expression
            undeclared-reference-in-single-quoted-scalar   | 14 | 53 | spec.validations[0].expression
            undeclared-reference-in-flow-mapping           | 13 | 31 | spec.validations[0].expression
            undeclared-reference-in-second-document        | 24 | 47 | spec.validations[0].expression
            undeclared-reference-in-mutation               | 17 | 25 | spec.mutations[0].applyConfiguration.expression
            """)
    void reportsUndeclaredReferenceAtItsLineAndColumnInTheFile(String scenario, int line, int column, String field) {
        Problem problem = onlyProblem(scenario);

        assertThat(problem.source().line()).as("line").isEqualTo(line);
        assertThat(problem.source().column()).as("column").isEqualTo(column);
        assertThat(textAt(problem)).startsWith("objct.");
        assertThat(problem.source().fieldPath()).isEqualTo(field);
        assertThat(problem.policy()).isEqualTo(scenario);
        assertThat(problem.message()).contains("undeclared reference to 'objct'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            syntax-error-at-end-of-literal-block | 15 | 36 | mismatched input '<EOF>'
            number-where-bool-expected           | 15 | 9  | must evaluate to bool
            """)
    void reportsOtherCompileErrorsWhereTheyAre(String scenario, int line, int column, String message) {
        Problem problem = onlyProblem(scenario);

        assertThat(problem.message()).contains(message);
        assertThat(List.of(problem.source().line(), problem.source().column())).containsExactly(line, column);
    }
}
