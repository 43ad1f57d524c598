package dev.celador.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A mutating policy as read from a MutatingAdmissionPolicy or a self-contained MutatingPolicy.
 * reinvoke is true for reinvocationPolicy IfNeeded.
 */
public record MutatingPolicy(
        String name,
        String kind,
        SourceRef source,
        ParamKind paramKind,
        MatchResources matchConstraints,
        List<NamedExpression> matchConditions,
        List<NamedExpression> variables,
        List<Mutation> mutations,
        FailurePolicy failurePolicy,
        boolean reinvoke) {

    public MutatingPolicy {
        matchConditions = List.copyOf(matchConditions);
        variables = List.copyOf(variables);
        mutations = List.copyOf(mutations);
    }

    /** Every expression of the policy, in document order. */
    public List<PlacedExpression> expressions() {
        List<PlacedExpression> all = new ArrayList<>();
        NamedExpression.placed(matchConditions, all);
        NamedExpression.placed(variables, all);
        for (Mutation m : mutations) {
            all.add(new PlacedExpression(m.expression(), m.source().at("expression")));
        }
        return all;
    }
}
