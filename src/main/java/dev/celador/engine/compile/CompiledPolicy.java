package dev.celador.engine.compile;

import dev.celador.cel.LazyVariables;
import dev.celador.policy.Problem;
import dev.celador.policy.ValidatingPolicy;
import java.util.List;

/**
 * A policy with every expression compiled: immutable, shared by all request threads. problems
 * lists its expressions that did not compile (each then fails when evaluated, and failurePolicy
 * decides); empty for a policy that compiled cleanly. loadError, when not null, says why the
 * document itself did not read cleanly: the policy then fails as a whole wherever it matches.
 */
public record CompiledPolicy(
        ValidatingPolicy source,
        List<CompiledCondition> matchConditions,
        List<LazyVariables.Definition> variables,
        List<CompiledValidation> validations,
        List<CompiledAuditAnnotation> auditAnnotations,
        List<Problem> problems,
        String loadError) {

    public CompiledPolicy {
        matchConditions = List.copyOf(matchConditions);
        variables = List.copyOf(variables);
        validations = List.copyOf(validations);
        auditAnnotations = List.copyOf(auditAnnotations);
        problems = List.copyOf(problems);
    }

    public CompiledPolicy(ValidatingPolicy source, List<CompiledCondition> matchConditions, List<LazyVariables.Definition> variables,
            List<CompiledValidation> validations, List<CompiledAuditAnnotation> auditAnnotations, List<Problem> problems) {
        this(source, matchConditions, variables, validations, auditAnnotations, problems, null);
    }

    public CompiledPolicy(ValidatingPolicy source, List<CompiledCondition> matchConditions, List<LazyVariables.Definition> variables,
            List<CompiledValidation> validations, List<CompiledAuditAnnotation> auditAnnotations) {
        this(source, matchConditions, variables, validations, auditAnnotations, List.of());
    }

    /** A policy whose document has problems of its own: nothing compiled, it fails wherever it matches. */
    public static CompiledPolicy unreadable(ValidatingPolicy source, List<Problem> problems) {
        return new CompiledPolicy(source, List.of(), List.of(), List.of(), List.of(), problems, LoadErrors.summary(problems));
    }

    public String name() {
        return source.name();
    }
}
