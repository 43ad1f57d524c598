package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each expression spent while a profile records: its evaluations, the cost units charged and the time taken. */
class ExpressionProfileTest {

    private static CompiledExpression compile(String expression) {
        return CostFixtures.compile(expression);
    }

    private static Map<String, Object> items(long n) {
        return CostFixtures.items(n);
    }

    @Test
    void recordsEvaluationsCostAndTimeOfEachExpression_costGrowingWithTheInput() throws Exception {
        CompiledExpression all = compile("object.items.all(i, i >= 0)");
        CompiledExpression sameText = compile("object.items.all(i, i >= 0)");
        ExpressionProfile profile = new ExpressionProfile();

        profile.record(() -> CostBudget.standard().run(() -> {
            all.evaluate(items(10));
            all.evaluate(items(1_000));
            return sameText.evaluate(items(10));
        }));

        ExpressionProfile.Spent spent = profile.spent().get(all);
        assertThat(spent.evaluations()).isEqualTo(2);
        assertThat(spent.nanos()).isPositive();
        ExpressionProfile.Spent small = profile.spent().get(sameText);
        assertThat(small.evaluations()).isEqualTo(1);
        // 1,000 items cost far more than 10: the large evaluation dominates the first expression's sum.
        assertThat(spent.cost()).isGreaterThan(50 * small.cost());
    }

    @Test
    void recordsNothingOutsideTheProfiledWork() throws Exception {
        CompiledExpression expression = compile("object.items.size() > 1");
        ExpressionProfile profile = new ExpressionProfile();

        CostBudget.standard().run(() -> expression.evaluate(items(3)));
        profile.record(() -> "nothing evaluated");

        assertThat(profile.spent()).isEmpty();
    }
}
