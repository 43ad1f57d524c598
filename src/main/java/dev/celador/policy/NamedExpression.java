package dev.celador.policy;

/** A matchCondition or a variable: a name and a CEL expression, with the place it was written. */
public record NamedExpression(String name, String expression, SourceRef source) {
}
