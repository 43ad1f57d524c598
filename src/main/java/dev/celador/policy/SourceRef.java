package dev.celador.policy;

/** Where something came from: file, document index within a multi-document file, and field path. */
public record SourceRef(String file, int docIndex, String fieldPath) {

    public SourceRef at(String path) {
        if (path == null || path.isEmpty()) {
            return this;
        }
        return new SourceRef(file, docIndex, fieldPath == null || fieldPath.isEmpty() ? path : fieldPath + "." + path);
    }

    public SourceRef index(int i) {
        return new SourceRef(file, docIndex, (fieldPath == null ? "" : fieldPath) + "[" + i + "]");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "<inline>" : file);
        sb.append(" (document ").append(docIndex).append(')');
        if (fieldPath != null && !fieldPath.isEmpty()) {
            sb.append(' ').append(fieldPath);
        }
        return sb.toString();
    }
}
