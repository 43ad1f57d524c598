package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.runtime.CelEvaluationException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The url, ip and cidr functions charge the thread's budget by input size. */
class NetworkLibrariesCostTest {

    private static final CelEnvironment ENV = new CelEnvironment();

    @AfterEach
    void leaveBudget() {
        CostBudget.exit();
    }

    private static Object evaluate(String expression, String input) throws CelEvaluationException {
        return ENV.compile(expression, ExpectedType.ANY).expression().evaluate(Map.of("object", Map.of("s", input)));
    }

    @Test
    void parsingAHugeUrlOrQuery_exceedsASmallBudget() {
        String huge = "https://example.com/?" + "k=v&".repeat(5_000);
        CostBudget.enter(new CostBudget(100));
        assertThatThrownBy(() -> evaluate("isURL(object.s)", huge))
                .isInstanceOf(CelEvaluationException.class)
                .hasMessageContaining("cost limit");
    }

    @Test
    void parsingAShortAddress_costsAFewUnits() throws Exception {
        CostBudget budget = new CostBudget(1_000);
        CostBudget.enter(budget);
        assertThat(evaluate("cidr('10.0.0.0/8').containsIP(object.s) && isIP(object.s)", "10.1.2.3")).isEqualTo(true);
        assertThat(budget.spent()).isBetween(1L, 10L);
    }

    @Test
    void hugeIpString_exceedsASmallBudget() {
        CostBudget.enter(new CostBudget(100));
        assertThatThrownBy(() -> evaluate("isIP(object.s)", "1".repeat(10_000)))
                .isInstanceOf(CelEvaluationException.class);
    }
}
