package dev.celador.policy;

/** One entry of spec.validations. reason is null when unset (the API server then uses Invalid). */
public record Validation(String expression, String message, String messageExpression, String reason, SourceRef source) {
}
