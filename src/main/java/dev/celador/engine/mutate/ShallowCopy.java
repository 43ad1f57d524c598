package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A new container holding the same children: what copy-on-write mutation copies on the way to a
 * change, so the rest of the tree stays shared with the input.
 */
final class ShallowCopy {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ShallowCopy() {
    }

    /** A copy of the object's fields; a new empty object for null. */
    static ObjectNode of(ObjectNode object) {
        ObjectNode copy = NODES.objectNode();
        return object == null ? copy : copy.setAll(object);
    }

    static ArrayNode of(ArrayNode array) {
        return NODES.arrayNode(array.size()).addAll(array);
    }

    /** Containers are copied; scalars are immutable and come back as they are. */
    static JsonNode of(JsonNode node) {
        if (node instanceof ObjectNode o) {
            return of(o);
        }
        if (node instanceof ArrayNode a) {
            return of(a);
        }
        return node;
    }
}
