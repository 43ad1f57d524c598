package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The RFC 6902 patch from one object to another: how a mutation leaves the engine (habit 6, the
 * patch is computed once, at the edge, by diffing before and after). Only {@code add}, {@code remove}
 * and {@code replace} are emitted (no {@code move}/{@code copy}, no values on {@code remove}), so the
 * patch reads plainly in an AdmissionReview response and in audit logs. Keys holding {@code /} or
 * {@code ~} are escaped as {@code ~1} and {@code ~0}. Invariant:
 * {@code JsonPatches.apply(before, diff(before, after)).equals(after)}.
 *
 * <p>The walk skips every subtree that is the same node on both sides: mutations copy only the
 * containers on the way to a change and share the rest, so the diff costs what changed, not the
 * size of the object. Objects are compared key by key; lists of one length element by element;
 * lists of different lengths keep their common head and tail and add or remove in the middle.
 */
public final class JsonPatchDiff {

    private JsonPatchDiff() {
    }

    /** The patch turning {@code before} into {@code after}; empty when they are equal. Inputs untouched, nothing shared. */
    public static ArrayNode diff(JsonNode before, JsonNode after) {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        walk(before, after, "", patch);
        return patch;
    }

    /** Whether a patch changes nothing (no operations). */
    public static boolean isEmpty(JsonNode patch) {
        return patch == null || patch.isEmpty();
    }

    private static void walk(JsonNode a, JsonNode b, String path, ArrayNode patch) {
        if (a == b) {
            return;
        }
        if (a.isObject() && b.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = a.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                JsonNode now = b.get(e.getKey());
                String at = path + "/" + escape(e.getKey());
                if (now == null) {
                    op(patch, "remove", at, null);
                } else {
                    walk(e.getValue(), now, at, patch);
                }
            }
            Iterator<Map.Entry<String, JsonNode>> added = b.fields();
            while (added.hasNext()) {
                Map.Entry<String, JsonNode> e = added.next();
                if (!a.has(e.getKey())) {
                    op(patch, "add", path + "/" + escape(e.getKey()), e.getValue());
                }
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            walkList(a, b, path, patch);
            return;
        }
        if (!a.equals(b)) {
            op(patch, "replace", path, b);
        }
    }

    private static void walkList(JsonNode a, JsonNode b, String path, ArrayNode patch) {
        int n = a.size();
        int m = b.size();
        int head = 0;
        int tail = 0;
        if (n != m) {
            while (head < n && head < m && a.get(head).equals(b.get(head))) {
                head++;
            }
            while (tail < n - head && tail < m - head && a.get(n - 1 - tail).equals(b.get(m - 1 - tail))) {
                tail++;
            }
        }
        int oldMiddle = n - head - tail;
        int newMiddle = m - head - tail;
        int common = Math.min(oldMiddle, newMiddle);
        for (int i = head; i < head + common; i++) {
            walk(a.get(i), b.get(i), path + "/" + i, patch);
        }
        // Removals from the last index down keep the indices before them valid; additions go in order.
        for (int i = head + oldMiddle - 1; i >= head + common; i--) {
            op(patch, "remove", path + "/" + i, null);
        }
        for (int i = head + common; i < head + newMiddle; i++) {
            op(patch, "add", path + "/" + i, b.get(i));
        }
    }

    private static void op(ArrayNode patch, String op, String path, JsonNode value) {
        ObjectNode o = patch.addObject();
        o.put("op", op);
        o.put("path", path);
        if (value != null) {
            o.set("value", value.deepCopy());
        }
    }

    /** RFC 6901: {@code ~} as {@code ~0} first, then {@code /} as {@code ~1}. */
    private static String escape(String key) {
        if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
            return key;
        }
        return key.replace("~", "~0").replace("/", "~1");
    }
}
