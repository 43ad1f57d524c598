package dev.celador.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cel.common.values.NullValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LazyVariablesTest {

    private static final CelEnvironment CEL = new CelEnvironment();

    private static CompiledExpression compile(String expression) {
        CompileOutcome outcome = CEL.compile(expression, ExpectedType.ANY);
        assertEquals(null, outcome.error());
        return outcome.expression();
    }

    private static Map<String, Object> activation(Map<String, Object> object) {
        Map<String, Object> activation = new HashMap<>();
        activation.put(CelEnvironment.OBJECT, object);
        activation.put(CelEnvironment.OLD_OBJECT, NullValue.NULL_VALUE);
        activation.put(CelEnvironment.REQUEST, Map.of());
        activation.put(CelEnvironment.PARAMS, NullValue.NULL_VALUE);
        activation.put(CelEnvironment.NAMESPACE_OBJECT, NullValue.NULL_VALUE);
        return activation;
    }

    @Test
    void evaluatesAVariableOnce_andReturnsTheSameValueOnEveryUse() {
        Map<String, Object> activation = activation(Map.of("items", List.of(1L, 2L)));
        LazyVariables variables = new LazyVariables(
                List.of(new LazyVariables.Definition("doubled", compile("object.items.map(i, i * 2)"))), activation);
        activation.put(CelEnvironment.VARIABLES, variables);

        Object first = variables.get("doubled");

        assertEquals(List.of(2L, 4L), first);
        assertSame(first, variables.get("doubled"));
    }

    @Test
    void letsAVariableUseAnEarlierOne() throws Exception {
        Map<String, Object> activation = activation(Map.of("replicas", 3L));
        LazyVariables variables = new LazyVariables(List.of(
                new LazyVariables.Definition("replicas", compile("object.replicas")),
                new LazyVariables.Definition("tooMany", compile("variables.replicas > 2"))), activation);
        activation.put(CelEnvironment.VARIABLES, variables);

        assertEquals(true, compile("variables.tooMany").evaluate(activation));
    }

    @Test
    void reportsAFailingVariableOnlyWhenUsed_andEveryTimeItIsUsed() {
        Map<String, Object> activation = activation(Map.of());
        LazyVariables variables = new LazyVariables(
                List.of(new LazyVariables.Definition("broken", compile("object.missing.field"))), activation);
        activation.put(CelEnvironment.VARIABLES, variables);

        assertTrue(variables.containsKey("broken"));
        assertFalse(variables.containsKey("other"));
        LazyVariables.VariableEvaluationException first = assertThrows(LazyVariables.VariableEvaluationException.class,
                () -> variables.get("broken"));
        LazyVariables.VariableEvaluationException second = assertThrows(LazyVariables.VariableEvaluationException.class,
                () -> variables.get("broken"));
        assertTrue(first.getMessage().startsWith("variables.broken: "), first.getMessage());
        assertSame(first.getCause(), second.getCause());
    }
}
