package dev.celador.policy;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where something came from: file, document index within a multi-document file, the line (1-based,
 * 0 when unknown) and column (1-based, 0 when unknown) it starts at, and the field path inside the
 * document. A document's own ref holds the document's first line; {@link #located()} gives a
 * field's own line and column, {@link #inExpression} a place inside an expression. positions, when
 * the ref came from a file, finds those; it takes no part in equality.
 */
public record SourceRef(String file, int docIndex, int line, int column, String fieldPath, SourcePositions positions) {

    public SourceRef(String file, int docIndex, int line, int column, String fieldPath) {
        this(file, docIndex, line, column, fieldPath, null);
    }

    public SourceRef(String file, int docIndex, String fieldPath) {
        this(file, docIndex, 0, 0, fieldPath);
    }

    public SourceRef(String file, int docIndex, int line, String fieldPath) {
        this(file, docIndex, line, 0, fieldPath);
    }

    public SourceRef at(String path) {
        if (path == null || path.isEmpty()) {
            return this;
        }
        return new SourceRef(file, docIndex, line, column, fieldPath == null || fieldPath.isEmpty() ? path : fieldPath + "." + path,
                positions);
    }

    public SourceRef index(int i) {
        return new SourceRef(file, docIndex, line, column, (fieldPath == null ? "" : fieldPath) + "[" + i + "]", positions);
    }

    /** The same place, at a line and column of the file (a position found inside the document). */
    public SourceRef position(int line, int column) {
        return new SourceRef(file, docIndex, line, column, fieldPath, positions);
    }

    /**
     * This field at its own line and column in the file (see {@link SourcePositions#field}); this ref
     * as it is when it already has a column or its file's text is not at hand.
     */
    public SourceRef located() {
        if (column > 0 || positions == null) {
            return this;
        }
        SourcePositions.Position p = lookUp(() -> positions.field(docIndex, fieldPath));
        return p == null ? this : position(p.line(), p.column());
    }

    /**
     * The place in the file of a line and column (1-based) inside the string value of this field,
     * such as a compiler's error position inside an expression; {@link #located()} when the place
     * is unknown (0) or cannot be mapped.
     */
    public SourceRef inExpression(int expressionLine, int expressionColumn) {
        if (positions == null || expressionLine < 1) {
            return located();
        }
        SourcePositions.Position p = lookUp(() -> positions.inValue(docIndex, fieldPath, expressionLine, expressionColumn));
        return p == null ? located() : position(p.line(), p.column());
    }

    /** A place is a courtesy to the reader: a look-up that fails leaves the problem where it was, never loses it. */
    private static SourcePositions.Position lookUp(Supplier<SourcePositions.Position> find) {
        try {
            return find.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRef other && docIndex == other.docIndex && line == other.line && column == other.column
                && Objects.equals(file, other.file) && Objects.equals(fieldPath, other.fieldPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, docIndex, line, column, fieldPath);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "<inline>" : file);
        sb.append(" (document ").append(docIndex);
        if (line > 0) {
            sb.append(", line ").append(line);
            if (column > 0) {
                sb.append(", column ").append(column);
            }
        }
        sb.append(')');
        if (fieldPath != null && !fieldPath.isEmpty()) {
            sb.append(' ').append(fieldPath);
        }
        return sb.toString();
    }
}
