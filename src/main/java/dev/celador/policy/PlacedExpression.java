package dev.celador.policy;

/** An expression of a policy with the place it was written. */
public record PlacedExpression(String text, SourceRef source) {
}
