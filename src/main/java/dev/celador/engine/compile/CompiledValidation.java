package dev.celador.engine.compile;

import dev.celador.cel.CompiledExpression;
import dev.celador.policy.Validation;

/** A validation with its expression and optional messageExpression compiled. */
public record CompiledValidation(Validation source, CompiledExpression expression, CompiledExpression messageExpression) {
}
