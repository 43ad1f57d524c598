package dev.celador.policy;

/**
 * A problem found while loading or compiling policies. Never thrown: collected and reported
 * with its place so an author can fix every problem in one pass. The place is the field's own line
 * and column when its file's text is at hand (see {@link SourceRef#located()}).
 */
public record Problem(SourceRef source, String policy, String message, String expression) {

    public Problem {
        source = source == null ? null : source.located();
    }

    public static Problem of(SourceRef source, String policy, String message) {
        return new Problem(source, policy, message, null);
    }

    /**
     * One line as compilers print it, {@code file:line:column: policy/field: message} (line and
     * column 0 when unknown, "-" for a missing policy or field); a multi-line message continues on
     * indented lines. Lint, the policy-source check and logs all print problems this way.
     */
    public String located() {
        StringBuilder sb = new StringBuilder(source.file() == null ? "<inline>" : source.file());
        sb.append(':').append(source.line()).append(':').append(source.column()).append(": ");
        sb.append(policy == null ? "-" : policy).append('/');
        sb.append(source.fieldPath() == null || source.fieldPath().isEmpty() ? "-" : source.fieldPath());
        sb.append(": ").append(message.replace("\n", "\n    "));
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source.toString());
        if (policy != null) {
            sb.append(": policy '").append(policy).append('\'');
        }
        sb.append(": ").append(message);
        if (expression != null) {
            sb.append(" [expression: ").append(expression).append(']');
        }
        return sb.toString();
    }
}
