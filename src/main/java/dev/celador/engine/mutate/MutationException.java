package dev.celador.engine.mutate;

/**
 * A mutation could not be applied: a JSON patch that does not fit the object, or an apply
 * configuration that cannot be merged. The message names the place (a JSON pointer or a field path
 * such as {@code spec.template.spec.containers[1]}). Never an "object not allowed" verdict: the
 * engine turns it into an {@code ERROR} result that the policy's {@code failurePolicy} handles.
 */
public final class MutationException extends Exception {

    private final String path;

    public MutationException(String path, String message) {
        super(path.isEmpty() ? message : path + ": " + message);
        this.path = path;
    }

    public MutationException(String path, String message, Throwable cause) {
        super(path.isEmpty() ? message : path + ": " + message, cause);
        this.path = path;
    }

    /** Where the problem is: a JSON pointer for patches, a dotted field path for apply configurations. */
    public String path() {
        return path;
    }
}
