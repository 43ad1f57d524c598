package dev.celador.engine.validate;

/**
 * A validation that failed (error false) or could not be evaluated (error true). index is the
 * validation's position in spec.validations, or -1 for errors outside a validation.
 */
public record Violation(int index, String message, String reason, boolean error) {

    public static Violation failed(int index, String message, String reason) {
        return new Violation(index, message, reason == null ? "Invalid" : reason, false);
    }

    public static Violation error(int index, String message) {
        return new Violation(index, message, "Invalid", true);
    }
}
