package dev.celador.policy;

/** One entry of spec.auditAnnotations. */
public record AuditAnnotation(String key, String valueExpression, SourceRef source) {
}
