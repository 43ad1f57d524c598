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

    /** The top-level variables of an evaluation of object, params null (also CompileCacheTest's). */
    static Map<String, Object> activation(Map<String, Object> object) {
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

    private static Map<String, Object> activationWithParams(Object params, List<LazyVariables.Definition> definitions) {
        Map<String, Object> activation = activation(Map.of("name", "db"));
        activation.put(CelEnvironment.PARAMS, params);
        activation.put(CelEnvironment.VARIABLES, new LazyVariables(definitions, activation));
        return activation;
    }

    private static List<LazyVariables.Definition> policyVariables() {
        java.util.List<LazyVariables.Definition> defs = new java.util.ArrayList<>();
        defs.add(LazyVariables.Definition.after(defs, "allowed", compile("params.data.names.split(',').map(n, n.trim())")));
        defs.add(LazyVariables.Definition.after(defs, "count", compile("size(variables.allowed)")));
        defs.add(LazyVariables.Definition.after(defs, "mine", compile("object.name in variables.allowed")));
        return List.copyOf(defs);
    }

    private static Object params(String names) {
        com.fasterxml.jackson.databind.node.ObjectNode configMap = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        configMap.putObject("data").put("names", names);
        return JsonToCel.convert(configMap);
    }

    @Test
    void keepsAVariableOfParamsOnlyAcrossRequests_whileTheParamsObjectIsTheSame() {
        List<LazyVariables.Definition> defs = policyVariables();
        Object params = params("db, cache");

        Object first = ((LazyVariables) activationWithParams(params, defs).get(CelEnvironment.VARIABLES)).get("allowed");
        // The next request converts the same params object again: a new view of the same node.
        Object second = ((LazyVariables) activationWithParams(JsonToCel.convert(
                (com.fasterxml.jackson.databind.JsonNode) JsonToCel.backingNode(params)), defs).get(CelEnvironment.VARIABLES)).get("allowed");

        assertEquals(List.of("db", "cache"), first);
        assertSame(first, second);
        assertTrue(defs.get(0).constant() != null && defs.get(1).constant() != null);
        assertEquals(null, defs.get(2).constant(), "reads the object: evaluated per request");
    }

    @Test
    void evaluatesAgain_whenTheParamsObjectChanges() throws Exception {
        List<LazyVariables.Definition> defs = policyVariables();
        Map<String, Object> before = activationWithParams(params("db"), defs);
        Map<String, Object> after = activationWithParams(params("cache, queue"), defs);

        assertEquals(true, compile("variables.mine && variables.count == 1").evaluate(before));
        assertEquals(false, compile("variables.mine").evaluate(after));
        assertEquals(2L, compile("variables.count").evaluate(after));
    }

    @Test
    void doesNotKeepAFailure_ofAParamsOnlyVariable() {
        List<LazyVariables.Definition> defs = new java.util.ArrayList<>();
        defs.add(LazyVariables.Definition.after(defs, "broken", compile("params.data.missing.split(',')")));
        Object params = params("db");

        for (int request = 0; request < 2; request++) {
            LazyVariables variables = (LazyVariables) activationWithParams(params, defs).get(CelEnvironment.VARIABLES);
            assertThrows(LazyVariables.VariableEvaluationException.class, () -> variables.get("broken"));
        }
    }
}
