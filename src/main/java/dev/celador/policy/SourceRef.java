package dev.celador.policy;

/**
 * Where something came from: file, document index within a multi-document file, the line the
 * document starts on (1-based, 0 when unknown) and the field path inside it.
 */
public record SourceRef(String file, int docIndex, int line, String fieldPath) {

    public SourceRef(String file, int docIndex, String fieldPath) {
        this(file, docIndex, 0, fieldPath);
    }

    public SourceRef at(String path) {
        if (path == null || path.isEmpty()) {
            return this;
        }
        return new SourceRef(file, docIndex, line, fieldPath == null || fieldPath.isEmpty() ? path : fieldPath + "." + path);
    }

    public SourceRef index(int i) {
        return new SourceRef(file, docIndex, line, (fieldPath == null ? "" : fieldPath) + "[" + i + "]");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "<inline>" : file);
        sb.append(" (document ").append(docIndex);
        if (line > 0) {
            sb.append(", line ").append(line);
        }
        sb.append(')');
        if (fieldPath != null && !fieldPath.isEmpty()) {
            sb.append(' ').append(fieldPath);
        }
        return sb.toString();
    }
}
