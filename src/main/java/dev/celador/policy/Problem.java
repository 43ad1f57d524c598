package dev.celador.policy;

/**
 * A problem found while loading or compiling policies. Never thrown: collected and reported
 * with its place so an author can fix every problem in one pass.
 */
public record Problem(SourceRef source, String policy, String message, String expression) {

    public static Problem of(SourceRef source, String policy, String message) {
        return new Problem(source, policy, message, null);
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
