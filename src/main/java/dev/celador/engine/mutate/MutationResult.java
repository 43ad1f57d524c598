package dev.celador.engine.mutate;

import dev.celador.policy.FailurePolicy;

/** What one mutating policy under one binding did to a request. */
public record MutationResult(String policy, String policyKind, String binding, Outcome outcome, FailurePolicy failurePolicy,
        String message) {

    /** APPLIED changed the object; UNCHANGED matched but changed nothing; ERROR could not be applied. */
    public enum Outcome {
        APPLIED,
        UNCHANGED,
        SKIP,
        ERROR
    }

    /** applied, unchanged, skip or error, as `celador test` expects it and metrics count it. */
    public String result() {
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }

    public String describe() {
        return binding == null ? policyKind + " '" + policy + "'" : policyKind + " '" + policy + "' with binding '" + binding + "'";
    }
}
