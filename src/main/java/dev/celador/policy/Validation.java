package dev.celador.policy;

/**
 * One entry of spec.validations. reason is null when unset (the API server then uses Invalid).
 * name is Celador's optional handle for the validation (a PolicyException can lift it by name);
 * null when unset, and never exported to the native API, which has no such field.
 */
public record Validation(String expression, String message, String messageExpression, String reason, SourceRef source,
        String name) {

    public Validation(String expression, String message, String messageExpression, String reason, SourceRef source) {
        this(expression, message, messageExpression, reason, source, null);
    }
}
