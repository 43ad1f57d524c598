package dev.celador.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/** Expressions and inputs for the tests of what evaluation costs: compiled in one environment, over lists of any length. */
final class CostFixtures {

    private static final CelEnvironment CEL = new CelEnvironment();

    private CostFixtures() {
    }

    static CompiledExpression compile(String expression) {
        CompileOutcome outcome = CEL.compile(expression, ExpectedType.ANY);
        assertThat(outcome.error()).isNull();
        return outcome.expression();
    }

    /** Variables in which object.items is the list 0 .. n-1. */
    static Map<String, Object> items(long n) {
        List<Object> items = new ArrayList<>();
        LongStream.range(0, n).forEach(items::add);
        return Map.of("object", Map.of("items", items));
    }
}
