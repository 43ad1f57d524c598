package dev.celador.engine.validate;

import dev.celador.policy.FailurePolicy;
import dev.celador.policy.ValidationAction;
import java.util.List;
import java.util.Map;

/**
 * A verdict of one policy under one binding (binding null for a self-contained policy).
 * Errors are enforced only under failurePolicy Fail; configuration errors carry [Deny] as their
 * actions because the API server denies them whatever the binding says. exemption is the policy
 * exception that lifted the policy (outcome SKIP) or some of its validations, else null.
 */
public record PolicyResult(
        String policy,
        String policyKind,
        String binding,
        Outcome outcome,
        List<ValidationAction> actions,
        FailurePolicy failurePolicy,
        List<Violation> violations,
        Map<String, String> auditAnnotations,
        Exemption exemption) {

    public PolicyResult {
        actions = List.copyOf(actions);
        violations = List.copyOf(violations);
        auditAnnotations = Map.copyOf(auditAnnotations);
    }

    /** A result no exception touched. */
    public PolicyResult(String policy, String policyKind, String binding, Outcome outcome, List<ValidationAction> actions,
            FailurePolicy failurePolicy, List<Violation> violations, Map<String, String> auditAnnotations) {
        this(policy, policyKind, binding, outcome, actions, failurePolicy, violations, auditAnnotations, null);
    }

    public boolean isEnforced(Violation v) {
        return !v.error() || failurePolicy == FailurePolicy.FAIL;
    }

    /** The messages of errors that failurePolicy Ignore does not enforce, joined; null when there are none. */
    public String ignoredErrors() {
        if (failurePolicy == FailurePolicy.FAIL) {
            return null;
        }
        List<String> messages = violations.stream().filter(Violation::error).map(Violation::message).toList();
        return messages.isEmpty() ? null : String.join("; ", messages);
    }

    /** Enforced violations, in validation order. */
    public List<Violation> enforcedViolations() {
        return violations.stream().filter(this::isEnforced).toList();
    }

    /**
     * pass, fail, warn, error or skip, as `celador check` reports it and metrics count it: a failure
     * is fail when Deny or Audit applies to it and warn when only Warn does.
     */
    public String result() {
        return switch (outcome) {
            case SKIP -> "skip";
            case PASS -> "pass";
            case ERROR -> "error";
            case FAIL -> actions.contains(ValidationAction.DENY) || actions.contains(ValidationAction.AUDIT) ? "fail" : "warn";
        };
    }

    /** "ValidatingAdmissionPolicy 'p' with binding 'b'" as the API server names it. */
    public String describe() {
        return binding == null
                ? policyKind + " '" + policy + "'"
                : policyKind + " '" + policy + "' with binding '" + binding + "'";
    }
}
