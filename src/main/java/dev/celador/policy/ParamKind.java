package dev.celador.policy;

/** spec.paramKind of a policy. */
public record ParamKind(String apiVersion, String kind) {
}
