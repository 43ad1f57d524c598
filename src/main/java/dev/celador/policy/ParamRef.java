package dev.celador.policy;

/** spec.paramRef of a binding: by name or by selector, with what to do when nothing is found. */
public record ParamRef(String name, String namespace, LabelSelector selector, boolean denyWhenNotFound) {
}
