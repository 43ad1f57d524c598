package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The url, ip and cidr functions charge the thread's budget by input size. */
class NetworkLibrariesCostTest {

    private static final CelEnvironment ENV = new CelEnvironment();

    private static Object evaluate(CostBudget budget, String expression, String input) throws CelEvaluationException {
        CompiledExpression e = ENV.compile(expression, ExpectedType.ANY).expression();
        return budget.run(() -> e.evaluate(Map.of("object", Map.of("s", input))));
    }

    @Test
    void parsingAHugeUrlOrQuery_exceedsASmallBudget() {
        String huge = "https://example.com/?" + "k=v&".repeat(5_000);
        assertThatThrownBy(() -> evaluate(new CostBudget(100, 100), "isURL(object.s)", huge))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("cost limit");
    }

    @Test
    void parsingAShortAddress_costsLittle() throws Exception {
        CostBudget budget = new CostBudget(1_000, 1_000);
        assertThat(evaluate(budget, "cidr('10.0.0.0/8').containsIP(object.s) && isIP(object.s)", "10.1.2.3")).isEqualTo(true);
        assertThat(budget.spent()).isBetween(1L, 30L);
    }

    @Test
    void hugeIpString_exceedsASmallBudget() {
        assertThatThrownBy(() -> evaluate(new CostBudget(100, 100), "isIP(object.s)", "1".repeat(10_000)))
                .isInstanceOf(CelEvaluationException.class);
    }
}
