package dev.celador.policy;

import static dev.celador.policy.ProblemLocations.fixture;
import static dev.celador.policy.ProblemLocations.textAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Problems found while reading documents name the line and column of the field (or of the YAML error). */
class LoadProblemLocationTest {

    private static Problem onlyProblem(String scenario) {
        List<Problem> problems = new PolicyLoader().load(List.of(fixture(scenario))).problems();
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void reportsUnsupportedValueAtTheValue() {
        Problem problem = onlyProblem("unsupported-failure-policy");

        assertThat(problem.located()).startsWith(fixture("unsupported-failure-policy") + ":15:18: "
                + "unsupported-failure-policy/spec.failurePolicy: Unsupported value: \"Sometimes\"");
        assertThat(textAt(problem)).isEqualTo("Sometimes");
    }

    @Test
    void reportsMissingFieldAtTheMappingThatLacksIt() {
        Problem problem = onlyProblem("missing-expression");

        assertThat(problem.located()).isEqualTo(fixture("missing-expression") + ":14:7: "
                + "missing-expression/spec.validations[0].expression: Required value");
        assertThat(textAt(problem)).startsWith("message: needs replicas");
    }

    @Test
    void reportsMissingSectionAtTheKeyOfItsParent() {
        Problem problem = onlyProblem("missing-match-constraints");

        assertThat(problem.source().fieldPath()).isEqualTo("spec.matchConstraints");
        assertThat(List.of(problem.source().line(), problem.source().column())).containsExactly(6, 1);
        assertThat(textAt(problem)).isEqualTo("spec:");
    }

    @Test
    void reportsValueUnderKeyWithDotsAtThatValue_notAtTheKeyThatIsItsPrefix() {
        Problem problem = onlyProblem("number-as-label-value");

        assertThat(problem.source().fieldPath()).isEqualTo("spec.matchConstraints.objectSelector.matchLabels.app.kubernetes.io/instance");
        assertThat(List.of(problem.source().line(), problem.source().column())).containsExactly(16, 37);
        assertThat(problem.message()).isEqualTo("must be a string");
    }

    @Test
    void reportsInvalidYamlWithTheParsersWholeMessageLineAndColumn() {
        Problem problem = onlyProblem("misindented-validation");

        assertThat(problem.located()).isEqualTo(fixture("misindented-validation") + ":15:4: misindented-validation/spec.validations: "
                + "invalid YAML: while parsing a block mapping (line 7, column 3): expected <block end>, but found '<block sequence start>'");
        assertThat(textAt(problem)).startsWith("- expression: object.spec.replicas < 10");
    }

    @Test
    void reportsInvalidYamlOfLaterDocumentWithoutTheNameOfTheDocumentBefore() {
        Problem problem = onlyProblem("invalid-second-document");

        assertThat(problem.source().docIndex()).isEqualTo(1);
        assertThat(problem.located()).isEqualTo(fixture("invalid-second-document") + ":17:1: -/-: invalid YAML: "
                + "while scanning for the next token: found character '@' that cannot start any token. (Do not use @ for indentation)");
    }
}
