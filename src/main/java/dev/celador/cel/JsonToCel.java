package dev.celador.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;

/**
 * Gives a Jackson tree as the values the CEL runtime works on natively: Long for integers,
 * Double for other numbers, NullValue for JSON null (a Java null would read as unknown), and for
 * objects and arrays read-only Map and List views that convert a member only when an expression
 * reads it. Policies read a few paths of an object, so most of it is never converted. The trees
 * are never changed in place (mutations build new ones), so a view stays valid.
 */
public final class JsonToCel {

    private JsonToCel() {
    }

    public static Object convert(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return NullValue.NULL_VALUE;
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                return new ObjectView((ObjectNode) node);
            }
            case ARRAY -> {
                return new ArrayView((ArrayNode) node);
            }
            case STRING -> {
                return node.textValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            case NUMBER -> {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    return node.longValue();
                }
                return node.doubleValue();
            }
            case BINARY -> {
                return node.asText();
            }
            default -> {
                return NullValue.NULL_VALUE;
            }
        }
    }

    /** The JSON node under a view, else the value itself: views are made per read, their nodes are shared. */
    static Object backingNode(Object value) {
        if (value instanceof ObjectView o) {
            return o.node;
        }
        if (value instanceof ArrayView a) {
            return a.node;
        }
        return value;
    }

    /** A JSON object as an unmodifiable Map of CEL values. */
    static final class ObjectView extends AbstractMap<String, Object> {
        private final ObjectNode node;

        ObjectView(ObjectNode node) {
            this.node = node;
        }

        @Override
        public Object get(Object key) {
            if (!(key instanceof String name)) {
                return null;
            }
            JsonNode child = node.get(name);
            return child == null ? null : convert(child);
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && node.has(name);
        }

        @Override
        public int size() {
            return node.size();
        }

        @Override
        public boolean isEmpty() {
            return node.isEmpty();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return fields.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            Map.Entry<String, JsonNode> e = fields.next();
                            return new SimpleImmutableEntry<>(e.getKey(), convert(e.getValue()));
                        }
                    };
                }

                @Override
                public int size() {
                    return node.size();
                }
            };
        }
    }

    /** A JSON array as an unmodifiable List of CEL values. */
    static final class ArrayView extends AbstractList<Object> implements RandomAccess {
        private final ArrayNode node;

        ArrayView(ArrayNode node) {
            this.node = node;
        }

        @Override
        public Object get(int index) {
            JsonNode item = node.get(index);
            if (item == null) {
                throw new IndexOutOfBoundsException("index " + index + " of a list of " + node.size());
            }
            return convert(item);
        }

        @Override
        public int size() {
            return node.size();
        }
    }
}
