package dev.celador.policy;

import java.util.List;

/**
 * A binding of a policy: what it acts on (matchResources, may be null), with which params and
 * which actions. name is null for the implicit binding of a self-contained policy.
 */
public record PolicyBinding(
        String name,
        String policyName,
        ParamRef paramRef,
        MatchResources matchResources,
        List<ValidationAction> validationActions,
        SourceRef source) {

    public PolicyBinding {
        validationActions = List.copyOf(validationActions);
    }
}
