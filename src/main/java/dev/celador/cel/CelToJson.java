package dev.celador.cel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.primitives.UnsignedLong;
import dev.cel.common.values.NullValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a CEL result (maps, lists, scalars, optionals) back into JSON, the inverse of JsonToCel,
 * for mutations. A value JSON cannot hold is an IllegalArgumentException naming it.
 */
public final class CelToJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CelToJson() {
    }

    public static JsonNode convert(Object value) {
        if (value == null || value instanceof NullValue) {
            return JSON.nullNode();
        }
        if (value instanceof Optional<?> o) {
            return o.map(CelToJson::convert).orElse(null);
        }
        if (value instanceof String s) {
            return JSON.textNode(s);
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i.longValue());
        }
        if (value instanceof UnsignedLong u) {
            return JSON.numberNode(u.bigIntegerValue());
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("cannot write " + d + " as JSON");
            }
            return JSON.numberNode(d);
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode node = JSON.objectNode();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("map key " + e.getKey() + " is not a string");
                }
                JsonNode v = convert(e.getValue());
                if (v != null) {
                    node.set(key, v);
                }
            }
            return node;
        }
        if (value instanceof List<?> l) {
            ArrayNode node = JSON.arrayNode();
            for (Object item : l) {
                JsonNode v = convert(item);
                if (v != null) {
                    node.add(v);
                }
            }
            return node;
        }
        throw new IllegalArgumentException("cannot write a value of type " + value.getClass().getSimpleName() + " as JSON");
    }
}
