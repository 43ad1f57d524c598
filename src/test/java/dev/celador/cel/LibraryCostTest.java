package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Library functions charge the thread's CostBudget by input size. */
class LibraryCostTest {

    private final CelEnvironment environment = new CelEnvironment();

    private Object evalWithBudget(String expression, Object object, long limit) throws CelEvaluationException {
        CompileOutcome outcome = environment.compile(expression, ExpectedType.ANY);
        assertThat(outcome.ok()).as(outcome.error()).isTrue();
        return new CostBudget(limit, limit).run(() -> outcome.expression().evaluate(Map.of("object", object)));
    }

    @Test
    void regexOnLongInputExceedsSmallBudget() {
        assertThatThrownBy(() -> evalWithBudget("object.findAll('a')", "a".repeat(10_000), 1_000))
                .isInstanceOf(CelEvaluationException.class)
                .hasRootCauseInstanceOf(CostBudget.CostLimitExceeded.class);
    }

    @Test
    void listFunctionsOnLongListExceedSmallBudget() {
        assertThatThrownBy(() -> evalWithBudget("object.sum()", Collections.nCopies(5_000, 1L), 1_000))
                .hasRootCauseInstanceOf(CostBudget.CostLimitExceeded.class);
    }

    @Test
    void formatAndValidateOnLongInputExceedSmallBudget() {
        assertThatThrownBy(() -> evalWithBudget("object.format([])", "x".repeat(5_000), 1_000))
                .hasRootCauseInstanceOf(CostBudget.CostLimitExceeded.class);
        assertThatThrownBy(() -> evalWithBudget("format.labelValue().validate(object)", "x".repeat(5_000), 1_000))
                .hasRootCauseInstanceOf(CostBudget.CostLimitExceeded.class);
    }

    @Test
    void smallInputsStayWithinBudget() throws Exception {
        assertThat(evalWithBudget("object.find('[0-9]+') + '%d'.format([[3, 1].max()])", "abc 42", 1_000))
                .isEqualTo("423");
    }
}
