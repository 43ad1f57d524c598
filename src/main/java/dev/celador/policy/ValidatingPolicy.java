package dev.celador.policy;

import java.util.List;

/**
 * A validating policy as read from a document, before compilation. kind is the document kind
 * (ValidatingAdmissionPolicy or ValidatingPolicy) so messages can name what the author wrote.
 */
public record ValidatingPolicy(
        String name,
        String kind,
        SourceRef source,
        ParamKind paramKind,
        MatchResources matchConstraints,
        List<NamedExpression> matchConditions,
        List<NamedExpression> variables,
        List<Validation> validations,
        List<AuditAnnotation> auditAnnotations,
        FailurePolicy failurePolicy) {

    public ValidatingPolicy {
        matchConditions = List.copyOf(matchConditions);
        variables = List.copyOf(variables);
        validations = List.copyOf(validations);
        auditAnnotations = List.copyOf(auditAnnotations);
    }
}
