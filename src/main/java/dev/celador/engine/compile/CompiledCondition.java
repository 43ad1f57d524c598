package dev.celador.engine.compile;

import dev.celador.cel.CompiledExpression;

/** A compiled matchCondition. */
public record CompiledCondition(String name, CompiledExpression expression) {
}
