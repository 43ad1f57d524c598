package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.celador.policy.FailurePolicy;

/**
 * What one mutating policy under one binding did to a request. An APPLIED result also holds the
 * object before and after this policy (references to what the chain made anyway, no copies), so a
 * report can say what this one policy changed; other results hold null for both.
 */
public record MutationResult(String policy, String policyKind, String binding, Outcome outcome, FailurePolicy failurePolicy,
        String message, JsonNode before, JsonNode after) {

    public MutationResult(String policy, String policyKind, String binding, Outcome outcome, FailurePolicy failurePolicy,
            String message) {
        this(policy, policyKind, binding, outcome, failurePolicy, message, null, null);
    }

    /** The RFC 6902 patch of this policy alone (empty unless it APPLIED), computed when asked for. */
    public ArrayNode patch() {
        return before == null || after == null ? JsonNodeFactory.instance.arrayNode() : JsonPatchDiff.diff(before, after);
    }

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
