package dev.celador.engine.compile;

import dev.celador.cel.CompiledExpression;

/** A compiled auditAnnotation. */
public record CompiledAuditAnnotation(String key, CompiledExpression valueExpression) {
}
