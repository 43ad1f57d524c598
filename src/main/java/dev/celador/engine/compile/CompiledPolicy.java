package dev.celador.engine.compile;

import dev.celador.cel.LazyVariables;
import dev.celador.policy.ValidatingPolicy;
import java.util.List;

/** A policy with every expression compiled: immutable, shared by all request threads. */
public record CompiledPolicy(
        ValidatingPolicy source,
        List<CompiledCondition> matchConditions,
        List<LazyVariables.Definition> variables,
        List<CompiledValidation> validations,
        List<CompiledAuditAnnotation> auditAnnotations) {

    public CompiledPolicy {
        matchConditions = List.copyOf(matchConditions);
        variables = List.copyOf(variables);
        validations = List.copyOf(validations);
        auditAnnotations = List.copyOf(auditAnnotations);
    }

    public String name() {
        return source.name();
    }
}
