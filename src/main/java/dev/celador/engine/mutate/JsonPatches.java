package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import java.util.EnumSet;

/**
 * Applies an RFC 6902 JSON patch (what {@code patchType: JSONPatch} produces: a list of
 * {@code {op, path, value, from}}) with strict semantics: an operation on a missing path, a failed
 * {@code test}, an unknown op or a malformed operation fails the whole patch. Never modifies its
 * inputs; the result shares what the patch leaves alone with the object. zjsonpatch applies the
 * operations, except those whose pointer it would decode wrongly ({@link PointerOperation}).
 */
public final class JsonPatches {

    /**
     * zjsonpatch's defaults are lenient in one place RFC 6902 is not: removing a missing object member
     * succeeds silently. This flag makes it an error (RFC 6902 section 4.2: the target location MUST exist).
     */
    private static final EnumSet<CompatibilityFlags> STRICT = EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private JsonPatches() {
    }

    /** The object with the patch applied; {@code object} and {@code patch} are untouched. */
    public static JsonNode apply(JsonNode object, JsonNode patch) throws MutationException {
        if (patch == null || !patch.isArray()) {
            throw new MutationException("", "a JSON patch must be a list of operations, got "
                    + (patch == null ? "nothing" : patch.getNodeType().toString().toLowerCase()));
        }
        try {
            JsonPatch.validate(patch, STRICT);
            return applyCopyingOnWrite(object, patch);
        } catch (RuntimeException e) {
            // InvalidJsonPatchException, JsonPatchApplicationException, and for some malformed
            // operations (a non-string path, say) plain runtime exceptions from the library.
            throw failure(object, patch, e);
        }
    }

    /**
     * The library's in-place apply, one operation at a time, on a copy of just the containers on the
     * way to what the operation changes: the rest of the tree is shared with the input, which stays
     * untouched (the library's copying apply deep-copies the whole object first). An operation on
     * the root replaces the whole document, which in place cannot do: it goes through the copying apply.
     */
    private static JsonNode applyCopyingOnWrite(JsonNode object, JsonNode patch) {
        JsonNode current = object;
        for (JsonNode op : patch) {
            ArrayNode single = JsonNodeFactory.instance.arrayNode().add(op);
            String path = op.path("path").asText("");
            if (path.isEmpty() || !current.isContainerNode()) {
                current = JsonPatch.apply(single, current, STRICT);
                continue;
            }
            JsonNode copy = ShallowCopy.of(current);
            copyParentsOf(copy, path);
            if (op.has("from")) {
                copyParentsOf(copy, op.path("from").asText(""));
            }
            if (PointerOperation.misreadByLibrary(op)) {
                PointerOperation.applyInPlace(copy, op);
            } else {
                JsonPatch.applyInPlace(single, copy, STRICT);
            }
            current = copy;
        }
        return current;
    }

    /**
     * Replaces, below an already copied root, each container on the way to the pointer's parent by a
     * copy. The tokens are decoded here because zjsonpatch's parsed pointer tokens are not public.
     */
    private static void copyParentsOf(JsonNode root, String pointer) {
        if (!pointer.startsWith("/")) {
            return;
        }
        String[] tokens = pointer.substring(1).split("/", -1);
        JsonNode parent = root;
        for (int i = 0; i < tokens.length - 1; i++) {
            String token = tokens[i].replace("~1", "/").replace("~0", "~");
            if (parent instanceof ObjectNode o) {
                JsonNode child = o.get(token);
                if (child == null || !child.isContainerNode()) {
                    return;
                }
                parent = ShallowCopy.of(child);
                o.set(token, parent);
            } else if (parent instanceof ArrayNode a) {
                int index = arrayIndex(token, a.size());
                if (index < 0 || !a.get(index).isContainerNode()) {
                    return;
                }
                parent = ShallowCopy.of(a.get(index));
                a.set(index, parent);
            } else {
                return;
            }
        }
    }

    /** The index a pointer token names in an array of that size, or -1 (the library reports the error). */
    private static int arrayIndex(String token, int size) {
        if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int index = Integer.parseInt(token);
        return index < size ? index : -1;
    }

    /**
     * Names the failing operation by its index and path. The library reports the parent of the
     * missing member, so on failure the patch is replayed one operation at a time (failures are
     * rare; the happy path applies the patch once).
     */
    private static MutationException failure(JsonNode object, JsonNode patch, RuntimeException cause) {
        JsonNode current = object;
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            JsonNode single = JsonNodeFactory.instance.arrayNode().add(op);
            try {
                JsonPatch.validate(single, STRICT);
                if (PointerOperation.misreadByLibrary(op) && current.isContainerNode()) {
                    JsonNode copy = current.deepCopy();
                    PointerOperation.applyInPlace(copy, op);
                    current = copy;
                } else {
                    current = JsonPatch.apply(single, current, STRICT);
                }
            } catch (RuntimeException e) {
                String path = op.path("path").asText("");
                String name = op.path("op").asText("?");
                String kind = e instanceof InvalidJsonPatchException ? "invalid JSON patch" : name + " failed";
                return new MutationException(path, kind + " (operation " + i + "): " + e.getMessage(), e);
            }
        }
        return new MutationException("", "invalid JSON patch: " + cause.getMessage(), cause);
    }
}
