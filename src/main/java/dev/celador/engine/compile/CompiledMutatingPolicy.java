package dev.celador.engine.compile;

import dev.celador.cel.LazyVariables;
import dev.celador.policy.MutatingPolicy;
import java.util.List;

/** A mutating policy with every expression compiled: immutable, shared by all request threads. */
public record CompiledMutatingPolicy(
        MutatingPolicy source,
        List<CompiledCondition> matchConditions,
        List<LazyVariables.Definition> variables,
        List<CompiledMutation> mutations) {

    public CompiledMutatingPolicy {
        matchConditions = List.copyOf(matchConditions);
        variables = List.copyOf(variables);
        mutations = List.copyOf(mutations);
    }

    public String name() {
        return source.name();
    }
}
