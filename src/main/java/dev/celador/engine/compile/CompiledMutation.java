package dev.celador.engine.compile;

import dev.celador.cel.CompiledExpression;
import dev.celador.policy.Mutation;

/** A mutation with its ApplyConfiguration or JSONPatch expression compiled. */
public record CompiledMutation(Mutation source, CompiledExpression expression) {
}
