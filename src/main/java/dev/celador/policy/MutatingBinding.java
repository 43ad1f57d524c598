package dev.celador.policy;

/** A MutatingAdmissionPolicyBinding (name null for the implicit binding of a self-contained MutatingPolicy). */
public record MutatingBinding(String name, String policyName, ParamRef paramRef, MatchResources matchResources, SourceRef source) {
}
