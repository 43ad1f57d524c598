package dev.celador.policy;

/**
 * Where something came from: file, document index within a multi-document file, the line (1-based,
 * 0 when unknown) and column (1-based, 0 when unknown) it starts at, and the field path inside the
 * document. A document's own ref holds the document's first line; a problem's ref may point into
 * an expression.
 */
public record SourceRef(String file, int docIndex, int line, int column, String fieldPath) {

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
        return new SourceRef(file, docIndex, line, column, fieldPath == null || fieldPath.isEmpty() ? path : fieldPath + "." + path);
    }

    public SourceRef index(int i) {
        return new SourceRef(file, docIndex, line, column, (fieldPath == null ? "" : fieldPath) + "[" + i + "]");
    }

    /** The same place, at a line and column of the file (a position found inside the document). */
    public SourceRef position(int line, int column) {
        return new SourceRef(file, docIndex, line, column, fieldPath);
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
