package dev.celador.policy;

import java.util.ArrayList;
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

    /** Every expression of the policy, in document order (absent optional ones left out). */
    public List<PlacedExpression> expressions() {
        List<PlacedExpression> all = new ArrayList<>();
        NamedExpression.placed(matchConditions, all);
        NamedExpression.placed(variables, all);
        for (Validation v : validations) {
            all.add(new PlacedExpression(v.expression(), v.source().at("expression")));
            if (v.messageExpression() != null) {
                all.add(new PlacedExpression(v.messageExpression(), v.source().at("messageExpression")));
            }
        }
        for (AuditAnnotation a : auditAnnotations) {
            all.add(new PlacedExpression(a.valueExpression(), a.source().at("valueExpression")));
        }
        return all;
    }
}
