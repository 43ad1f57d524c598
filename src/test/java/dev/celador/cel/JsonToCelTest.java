package dev.celador.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.common.values.NullValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonToCelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CelEnvironment CEL = new CelEnvironment();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static Object eval(String expression, JsonNode object) throws Exception {
        CompileOutcome outcome = CEL.compile(expression, ExpectedType.ANY);
        assertEquals(null, outcome.error());
        return outcome.expression().evaluate(Map.of(
                CelEnvironment.OBJECT, JsonToCel.convert(object),
                CelEnvironment.OLD_OBJECT, NullValue.NULL_VALUE,
                CelEnvironment.REQUEST, Map.of(),
                CelEnvironment.PARAMS, NullValue.NULL_VALUE,
                CelEnvironment.NAMESPACE_OBJECT, NullValue.NULL_VALUE,
                CelEnvironment.VARIABLES, Map.of()));
    }

    @Test
    void convertsIntegersToLong_andFractionsToDouble() throws Exception {
        Map<?, ?> spec = (Map<?, ?>) JsonToCel.convert(json("{\"replicas\": 3, \"ratio\": 0.5, \"big\": 5000000000}"));
        assertInstanceOf(Long.class, spec.get("replicas"));
        assertEquals(3L, spec.get("replicas"));
        assertEquals(0.5, spec.get("ratio"));
        assertEquals(5_000_000_000L, spec.get("big"));
    }

    @Test
    void convertsJsonNullAndMissingNodeToNullValue() throws Exception {
        Map<?, ?> map = (Map<?, ?>) JsonToCel.convert(json("{\"a\": null}"));
        assertSame(NullValue.NULL_VALUE, map.get("a"));
        assertSame(NullValue.NULL_VALUE, JsonToCel.convert(null));
        assertSame(NullValue.NULL_VALUE, JsonToCel.convert(json("{}").path("missing")));
    }

    @Test
    void convertsArraysToListsAndKeepsStringsAndBooleans() throws Exception {
        Object value = JsonToCel.convert(json("[\"x\", true, 1]"));
        assertEquals(List.of("x", true, 1L), value);
    }

    @Test
    void comparesConvertedReplicasWithIntegerLiteral() throws Exception {
        assertEquals(true, eval("object.spec.replicas < 5", json("{\"spec\": {\"replicas\": 3}}")));
        assertEquals(false, eval("object.spec.replicas < 5", json("{\"spec\": {\"replicas\": 7}}")));
        assertEquals(8L, eval("object.spec.replicas + 1", json("{\"spec\": {\"replicas\": 7}}")));
    }

    @Test
    void jsonNullEqualsCelNull() throws Exception {
        assertEquals(true, eval("object.spec.selector == null", json("{\"spec\": {\"selector\": null}}")));
        assertEquals(true, eval("has(object.spec.selector)", json("{\"spec\": {\"selector\": null}}")));
    }
}
