package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.flipkart.zjsonpatch.DiffFlags;
import com.flipkart.zjsonpatch.JsonDiff;
import java.util.EnumSet;

/**
 * The RFC 6902 patch from one object to another: how a mutation leaves the engine (habit 6, the
 * patch is computed once, at the edge, by diffing before and after). Only {@code add}, {@code remove}
 * and {@code replace} are emitted (no {@code move}/{@code copy}, no values on {@code remove}), so the
 * patch reads plainly in an AdmissionReview response and in audit logs. Keys holding {@code /} or
 * {@code ~} are escaped as {@code ~1} and {@code ~0}. Invariant:
 * {@code JsonPatches.apply(before, diff(before, after)).equals(after)}.
 */
public final class JsonPatchDiff {

    private static final EnumSet<DiffFlags> FLAGS = EnumSet.of(
            DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION, DiffFlags.OMIT_VALUE_ON_REMOVE);

    private JsonPatchDiff() {
    }

    /** The patch turning {@code before} into {@code after}; empty when they are equal. Inputs untouched. */
    public static ArrayNode diff(JsonNode before, JsonNode after) {
        // deepCopy: the library may share value nodes with `after`; callers own the patch outright.
        JsonNode patch = JsonDiff.asJson(before, after, FLAGS).deepCopy();
        if (patch instanceof ArrayNode array) {
            return array;
        }
        ArrayNode copy = JsonNodeFactory.instance.arrayNode();
        patch.forEach(copy::add);
        return copy;
    }

    /** Whether a patch changes nothing (no operations). */
    public static boolean isEmpty(JsonNode patch) {
        return patch == null || patch.isEmpty();
    }
}
