package dev.celador.policy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The text of one YAML file, and the line and column of any field of its documents, found when a
 * problem asks for one. Loading a file that has no problem costs nothing more than keeping its
 * bytes: each look-up composes the file up to the document it needs (with snakeyaml, the parser
 * Jackson's YAML module runs on, so documents count and start where Jackson's do) and keeps
 * nothing, since problems live as long as the policy set and a composed tree is some twenty times
 * the size of its text. Lines and columns are 1-based; columns count code points, as the YAML
 * parser's own messages do. Immutable, so safe to share.
 */
public final class SourcePositions {

    /** A line and column of the file (1-based). */
    public record Position(int line, int column) {
    }

    /** Twice the nesting DocumentReader lets Jackson read, so whatever loaded also composes. */
    private static final int MAX_NESTING_DEPTH = 512;

    private final byte[] content;

    SourcePositions(byte[] content) {
        this.content = content;
    }

    /**
     * Where the field at path (as in {@link SourceRef#fieldPath()}: {@code spec.validations[2].expression},
     * keys that contain dots allowed) is written in document docIndex: a scalar's own position, a
     * mapping or list at its key; a missing field at the key of the nearest enclosing field that is
     * present (the document's start for a top-level field). Null when the document cannot be found.
     */
    public Position field(int docIndex, String path) {
        Found found = find(document(text(), docIndex), path);
        if (found == null) {
            return null;
        }
        Node at = found.complete() && found.node() instanceof ScalarNode ? found.node()
                : found.key() != null ? found.key() : found.node();
        return positionOf(at.getStartMark());
    }

    /**
     * Where a place inside the string value at path is written: line and column (1-based, columns in
     * code points) of the value as a program sees it, mapped through the scalar's style (block
     * literal or folded, with any chomping and indentation indicators, plain or quoted, on one or
     * several lines, in block or flow collections). A place on white space maps to just after the
     * text before it. The scalar's start when its text does not pair up with the value (a form of
     * escape the walk does not know); {@link #field} when the field is not a scalar.
     */
    public Position inValue(int docIndex, String path, int valueLine, int valueColumn) {
        String text = text();
        Found found = find(document(text, docIndex), path);
        if (found == null) {
            return null;
        }
        if (!found.complete() || !(found.node() instanceof ScalarNode scalar)) {
            return field(docIndex, path);
        }
        String value = scalar.getValue();
        int target = offsetIn(value, valueLine, valueColumn);
        int raw = target < 0 ? -1 : rawOffset(text, contentStart(text, scalar), scalar.getScalarStyle(), value, target);
        return raw < 0 ? positionOf(scalar.getStartMark()) : positionAt(text, raw);
    }

    private record Found(Node node, Node key, boolean complete) {
    }

    /** The node at path, or the deepest one present with complete=false. */
    private static Found find(Node document, String path) {
        if (document == null) {
            return null;
        }
        Node node = document;
        Node key = null;
        String rest = path == null ? "" : path;
        while (!rest.isEmpty()) {
            if (rest.charAt(0) == '[') {
                int close = rest.indexOf(']');
                int index = close < 0 ? -1 : parseIndex(rest.substring(1, close));
                if (!(node instanceof SequenceNode seq) || index < 0 || index >= seq.getValue().size()) {
                    return new Found(node, key, false);
                }
                node = seq.getValue().get(index);
                key = null;
                rest = rest.substring(close + 1);
            } else {
                if (rest.charAt(0) == '.') {
                    rest = rest.substring(1);
                }
                NodeTuple entry = node instanceof MappingNode map ? longestKeyPrefix(map, rest) : null;
                if (entry == null) {
                    return new Found(node, key, false);
                }
                String name = ((ScalarNode) entry.getKeyNode()).getValue();
                key = entry.getKeyNode();
                node = entry.getValueNode();
                rest = rest.substring(name.length());
            }
        }
        return new Found(node, key, true);
    }

    /** The entry whose key is the longest prefix of path that ends where a path segment ends. */
    private static NodeTuple longestKeyPrefix(MappingNode map, String path) {
        NodeTuple best = null;
        int bestLength = -1;
        for (NodeTuple entry : map.getValue()) {
            if (entry.getKeyNode() instanceof ScalarNode k) {
                String name = k.getValue();
                boolean matches = path.startsWith(name)
                        && (path.length() == name.length() || path.charAt(name.length()) == '.' || path.charAt(name.length()) == '[');
                if (matches && name.length() > bestLength) {
                    best = entry;
                    bestLength = name.length();
                }
            }
        }
        return best;
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Document docIndex of the file, or null when the file holds no such document that parses. */
    private Node document(String text, int docIndex) {
        if (docIndex < 0) {
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setMaxAliasesForCollections(Integer.MAX_VALUE);
        options.setCodePointLimit(Math.max(options.getCodePointLimit(), content.length + 1));
        try {
            Iterator<Node> documents = new Yaml(options).composeAll(new StringReader(text)).iterator();
            for (int i = 0; documents.hasNext(); i++) {
                Node document = documents.next();
                if (i == docIndex) {
                    return document;
                }
            }
        } catch (RuntimeException e) {
            // a syntax error at or before the document: it has no place to give
        }
        return null;
    }

    private String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The char offset of (line 1-based, column 1-based in code points) in value, or -1. */
    private static int offsetIn(String value, int line, int column) {
        if (line < 1 || column < 1) {
            return line < 1 ? -1 : offsetIn(value, line, 1);
        }
        int start = 0;
        for (int l = 1; l < line; l++) {
            int nl = value.indexOf('\n', start);
            if (nl < 0) {
                return -1;
            }
            start = nl + 1;
        }
        int end = value.indexOf('\n', start);
        end = end < 0 ? value.length() : end;
        int codePoints = value.codePointCount(start, end);
        return column - 1 >= codePoints ? end : value.offsetByCodePoints(start, column - 1);
    }

    /** Where a scalar's content starts in the text: after a block scalar's header line, after an opening quote. */
    private static int contentStart(String t, ScalarNode scalar) {
        int start = charOffset(t, scalar.getStartMark());
        ScalarStyle style = scalar.getScalarStyle();
        if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
            int nl = t.indexOf('\n', start);
            return nl < 0 ? t.length() : nl + 1;
        }
        if (style == ScalarStyle.DOUBLE_QUOTED || style == ScalarStyle.SINGLE_QUOTED) {
            return start + 1;
        }
        return start;
    }

    /**
     * The text offset of value's char at target. Every style keeps the value's non-blank characters
     * in order and only changes blanks (indentation, folded or escaped line breaks), except for the
     * escapes of quoted scalars, so the walk pairs non-blank characters and steps over escapes. -1
     * when the text does not pair up.
     */
    static int rawOffset(String t, int start, ScalarStyle style, String value, int target) {
        boolean doubleQuoted = style == ScalarStyle.DOUBLE_QUOTED;
        boolean singleQuoted = style == ScalarStyle.SINGLE_QUOTED;
        int r = start;
        int afterPrevious = -1;
        for (int v = 0; v < value.length(); v++) {
            char c = value.charAt(v);
            if (Character.isWhitespace(c)) {
                if (v == target) {
                    break;
                }
                continue;
            }
            r = skipBlanks(t, r, doubleQuoted);
            if (r >= t.length()) {
                return -1;
            }
            int width;
            if (doubleQuoted && t.charAt(r) == '\\') {
                width = escapeLength(t, r);
            } else if (singleQuoted && c == '\'' && t.startsWith("''", r)) {
                width = 2;
            } else if (t.charAt(r) == c) {
                width = 1;
            } else {
                return -1;
            }
            if (v == target) {
                return r;
            }
            r += width;
            afterPrevious = r;
        }
        return afterPrevious >= 0 ? afterPrevious : Math.min(skipBlanks(t, start, doubleQuoted), t.length());
    }

    /** Skips white space, and in a double-quoted scalar the escapes that stand for white space or join lines. */
    private static int skipBlanks(String t, int r, boolean doubleQuoted) {
        while (r < t.length()) {
            char c = t.charAt(r);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                r++;
            } else if (doubleQuoted && c == '\\' && r + 1 < t.length() && "ntr LPN_\n\r".indexOf(t.charAt(r + 1)) >= 0) {
                r += 2;
            } else {
                return r;
            }
        }
        return r;
    }

    private static int escapeLength(String t, int r) {
        char kind = r + 1 < t.length() ? t.charAt(r + 1) : ' ';
        return switch (kind) {
            case 'x' -> 4;
            case 'u' -> 6;
            case 'U' -> 10;
            default -> 2;
        };
    }

    private static int charOffset(String t, Mark mark) {
        int codePoints = mark.getIndex();
        try {
            return t.offsetByCodePoints(0, Math.min(codePoints, t.codePointCount(0, t.length())));
        } catch (IndexOutOfBoundsException e) {
            return Math.min(codePoints, t.length());
        }
    }

    private static Position positionAt(String t, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < t.length(); i++) {
            if (t.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(line, t.codePointCount(lineStart, Math.min(offset, t.length())) + 1);
    }

    private static Position positionOf(Mark mark) {
        return new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
