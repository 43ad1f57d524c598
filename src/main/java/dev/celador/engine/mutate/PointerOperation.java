package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One RFC 6902 operation whose pointer zjsonpatch would read wrongly, applied here by RFC 6901
 * tokens. zjsonpatch 0.4.16 decodes a token's {@code ~0} before its {@code ~1}, so {@code ~01} (a key
 * holding the two characters {@code ~1}, as {@code jsonpatch.escapeKey} writes it) becomes {@code /};
 * RFC 6901 section 4 decodes {@code ~1} first, as the API server's json-patch does. Only such
 * operations come here ({@link #misreadByLibrary}); the library applies every other one.
 *
 * <p>Works in place on a root whose containers along both pointers are already copies
 * ({@link JsonPatches} copies them), and fails with an {@link IllegalArgumentException} naming the
 * pointer, as the library's own failures do.
 */
final class PointerOperation {

    private PointerOperation() {
    }

    /** True when the operation's path or from holds {@code ~01}, which the library decodes to '/'. */
    static boolean misreadByLibrary(JsonNode op) {
        return op.path("path").asText("").contains("~01") || op.path("from").asText("").contains("~01");
    }

    /** RFC 6901 tokens of a pointer: '~1' to '/' first, then '~0' to '~'. */
    static List<String> tokens(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("a JSON pointer must start with '/': " + pointer);
        }
        List<String> out = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    /** Applies the operation to {@code root} in place (the root itself must not be the target). */
    static void applyInPlace(JsonNode root, JsonNode op) {
        String name = op.path("op").asText("");
        String path = op.path("path").asText("");
        List<String> to = tokens(path);
        if (to.isEmpty()) {
            throw new IllegalArgumentException("an operation on the whole document is not applied here: " + path);
        }
        switch (name) {
            case "add" -> add(root, to, required(op, "value"), path);
            case "remove" -> remove(root, to, path);
            case "replace" -> {
                remove(root, to, path);
                add(root, to, required(op, "value"), path);
            }
            case "test" -> {
                JsonNode actual = get(root, to, path);
                if (!actual.equals(required(op, "value"))) {
                    throw new IllegalArgumentException("test failed: value at " + path + " differs");
                }
            }
            case "move", "copy" -> {
                String from = op.path("from").asText("");
                JsonNode value = get(root, tokens(from), from);
                if (name.equals("move")) {
                    if (path.startsWith(from + "/")) {
                        throw new IllegalArgumentException("cannot move " + from + " into its own child " + path);
                    }
                    remove(root, tokens(from), from);
                } else {
                    value = value.deepCopy();
                }
                add(root, to, value, path);
            }
            default -> throw new IllegalArgumentException("unknown operation '" + name + "'");
        }
    }

    private static JsonNode required(JsonNode op, String field) {
        JsonNode value = op.get(field);
        if (value == null) {
            throw new IllegalArgumentException("operation '" + op.path("op").asText() + "' needs '" + field + "'");
        }
        return value;
    }

    private static JsonNode get(JsonNode root, List<String> tokens, String pointer) {
        JsonNode node = root;
        for (String token : tokens) {
            node = child(node, token);
            if (node == null) {
                throw new IllegalArgumentException("missing value at " + pointer);
            }
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node instanceof ObjectNode o) {
            return o.get(token);
        }
        if (node instanceof ArrayNode a) {
            int index = index(token, a.size() - 1);
            return index < 0 ? null : a.get(index);
        }
        return null;
    }

    private static void add(JsonNode root, List<String> tokens, JsonNode value, String pointer) {
        JsonNode parent = get(root, tokens.subList(0, tokens.size() - 1), pointer);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            int index = last.equals("-") ? a.size() : index(last, a.size());
            if (index < 0) {
                throw new IllegalArgumentException("no array index " + last + " at " + pointer);
            }
            a.insert(index, value);
        } else {
            throw new IllegalArgumentException("parent of " + pointer + " is not a container");
        }
    }

    private static void remove(JsonNode root, List<String> tokens, String pointer) {
        JsonNode parent = get(root, tokens.subList(0, tokens.size() - 1), pointer);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o && o.has(last)) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a && index(last, a.size() - 1) >= 0) {
            a.remove(index(last, a.size() - 1));
        } else {
            throw new IllegalArgumentException("missing value at " + pointer);
        }
    }

    /** The index a token names, at most {@code max}; -1 when it names none (RFC 6901: no leading zeros). */
    private static int index(String token, int max) {
        if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)
                || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        int index = Integer.parseInt(token);
        return index <= max ? index : -1;
    }
}
