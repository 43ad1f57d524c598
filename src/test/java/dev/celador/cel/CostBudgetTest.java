package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostBudgetTest {

    private static final String NESTED = "object.items.all(a, object.items.all(b, a + b >= 0))";

    private static CompiledExpression compile(String expression) {
        return CostFixtures.compile(expression);
    }

    private static Map<String, Object> items(long n) {
        return CostFixtures.items(n);
    }

    @Test
    void stopsNestedComprehensionOverLargeList_withCostLimitError() {
        CompiledExpression nested = compile(NESTED);

        assertThatThrownBy(() -> CostBudget.standard().run(() -> nested.evaluate(items(2_000))))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("expression cost limit of 1000000 exceeded");
    }

    @Test
    void evaluatesSameExpressionOverSmallList_withinBudget() throws Exception {
        CompiledExpression nested = compile(NESTED);

        assertThat(CostBudget.standard().run(() -> nested.evaluate(items(50)))).isEqualTo(true);
    }

    @Test
    void chargesEveryExpressionToTheEvaluationLimit() throws Exception {
        CompiledExpression nested = compile(NESTED);
        CostBudget budget = new CostBudget(100_000, 150_000);

        budget.run(() -> nested.evaluate(items(100)));
        long afterOne = budget.spent();
        assertThat(afterOne).isBetween(50_000L, 100_000L);
        assertThatThrownBy(() -> budget.run(() -> nested.evaluate(items(100))))
                .hasMessageContaining("evaluation cost limit of 150000 exceeded");
    }

    @Test
    void chargesLibraryWorkByInputSize() throws Exception {
        CostBudget budget = new CostBudget(1_000, 1_000);

        assertThatThrownBy(() -> budget.run(() -> {
            CostBudget.charge(1_001);
            return null;
        })).isInstanceOf(CelEvaluationException.class).hasMessageContaining("cost limit");
    }

    @Test
    void chargesNothingOutsideAnEvaluation() throws Exception {
        CostBudget.charge(Long.MAX_VALUE);
        assertThat(compile(NESTED).evaluate(items(300))).isEqualTo(true);
    }
}
