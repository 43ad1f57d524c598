package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.flipkart.zjsonpatch.CompatibilityFlags;
import com.flipkart.zjsonpatch.InvalidJsonPatchException;
import com.flipkart.zjsonpatch.JsonPatch;
import java.util.EnumSet;

/**
 * Applies an RFC 6902 JSON patch (what {@code patchType: JSONPatch} produces: a list of
 * {@code {op, path, value, from}}) with strict semantics: an operation on a missing path, a failed
 * {@code test}, an unknown op or a malformed operation fails the whole patch. Never modifies its inputs.
 */
public final class JsonPatches {

    /**
     * zjsonpatch's defaults are lenient in one place RFC 6902 is not: removing a missing object member
     * succeeds silently. This flag makes it an error (RFC 6902 section 4.2: the target location MUST exist).
     */
    private static final EnumSet<CompatibilityFlags> STRICT = EnumSet.of(CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

    private JsonPatches() {
    }

    /** The object with the patch applied, as a new tree; {@code object} and {@code patch} are untouched. */
    public static JsonNode apply(JsonNode object, JsonNode patch) throws MutationException {
        if (patch == null || !patch.isArray()) {
            throw new MutationException("", "a JSON patch must be a list of operations, got "
                    + (patch == null ? "nothing" : patch.getNodeType().toString().toLowerCase()));
        }
        try {
            JsonPatch.validate(patch, STRICT);
            return JsonPatch.apply(patch, object, STRICT);
        } catch (RuntimeException e) {
            // InvalidJsonPatchException, JsonPatchApplicationException, and for some malformed
            // operations (a non-string path, say) plain runtime exceptions from the library.
            throw failure(object, patch, e);
        }
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
                current = JsonPatch.apply(single, current, STRICT);
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
