package dev.celador.engine.compile;

import dev.celador.cel.LazyVariables;
import dev.celador.policy.MutatingPolicy;
import dev.celador.policy.Problem;
import java.util.List;

/**
 * A mutating policy with every expression compiled: immutable, shared by all request threads.
 * problems lists its expressions that did not compile, loadError why its document did not read
 * cleanly (see CompiledPolicy).
 */
public record CompiledMutatingPolicy(
        MutatingPolicy source,
        List<CompiledCondition> matchConditions,
        List<LazyVariables.Definition> variables,
        List<CompiledMutation> mutations,
        List<Problem> problems,
        String loadError) {

    public CompiledMutatingPolicy {
        matchConditions = List.copyOf(matchConditions);
        variables = List.copyOf(variables);
        mutations = List.copyOf(mutations);
        problems = List.copyOf(problems);
    }

    public CompiledMutatingPolicy(MutatingPolicy source, List<CompiledCondition> matchConditions,
            List<LazyVariables.Definition> variables, List<CompiledMutation> mutations, List<Problem> problems) {
        this(source, matchConditions, variables, mutations, problems, null);
    }

    public CompiledMutatingPolicy(MutatingPolicy source, List<CompiledCondition> matchConditions,
            List<LazyVariables.Definition> variables, List<CompiledMutation> mutations) {
        this(source, matchConditions, variables, mutations, List.of());
    }

    /** A policy whose document has problems of its own: nothing compiled, it fails wherever it matches. */
    public static CompiledMutatingPolicy unreadable(MutatingPolicy source, List<Problem> problems) {
        return new CompiledMutatingPolicy(source, List.of(), List.of(), List.of(), problems, LoadErrors.summary(problems));
    }

    public String name() {
        return source.name();
    }
}
