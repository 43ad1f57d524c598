package dev.celador.engine.validate;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.cel.CompiledExpression;
import dev.celador.cel.CostBudget;
import dev.celador.engine.PolicyActivation;
import dev.celador.engine.RequestContext;
import dev.celador.engine.compile.CompiledAuditAnnotation;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.compile.CompiledValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one compiled policy with one param value against one request: matchConditions,
 * then validations and audit annotations. Every failure becomes a value, never an exception.
 */
public final class BindingEvaluator {

    /** What one evaluation produced; matched is false when a matchCondition was false. */
    public record Evaluation(boolean matched, List<Violation> violations, Map<String, String> auditAnnotations) {
        static final Evaluation NOT_MATCHED = new Evaluation(false, List.of(), Map.of());
    }

    /** Kubernetes caps evaluated messages at 5 KiB. */
    private static final int MAX_MESSAGE_LENGTH = 5 * 1024;
    /** Kubernetes caps audit annotation values at 10 KiB. */
    private static final int MAX_AUDIT_VALUE_LENGTH = 10 * 1024;

    private BindingEvaluator() {
    }

    /** Evaluates under a fresh cost budget, so no policy can hold the request for long. */
    public static Evaluation evaluate(CompiledPolicy policy, Object params, RequestContext ctx) {
        try {
            return CostBudget.standard().run(() -> evaluateWithinBudget(policy, params, ctx));
        } catch (CelEvaluationException e) {
            return new Evaluation(true, List.of(Violation.error(-1, describe(e))), Map.of());
        }
    }

    /**
     * What text-producing expressions evaluate on: the activation itself, or for a Secret one over
     * the masked request (made on first use), so that no text can carry a Secret's value.
     */
    private static final class TextActivation {
        private final CompiledPolicy policy;
        private final Object params;
        private final RequestContext ctx;
        private final Map<String, Object> activation;
        private Map<String, Object> text;

        TextActivation(CompiledPolicy policy, Object params, RequestContext ctx, Map<String, Object> activation) {
            this.policy = policy;
            this.params = params;
            this.ctx = ctx;
            this.activation = activation;
        }

        boolean masked() {
            return ctx.forText() != ctx;
        }

        Map<String, Object> get() {
            if (text == null) {
                text = masked() ? PolicyActivation.of(policy.variables(), params, ctx.forText()) : activation;
            }
            return text;
        }

        /** The error's text, or for a Secret the error the same expression gives on the masked values. */
        String error(CompiledExpression expression, Throwable error) {
            if (!masked()) {
                return describe(error);
            }
            try {
                expression.evaluate(get());
                return WITHHELD;
            } catch (CelEvaluationException | RuntimeException | StackOverflowError onMasked) {
                return describe(onMasked);
            }
        }
    }

    /** The error text of a Secret request whose error shows only with the real values. */
    static final String WITHHELD = "the error is not shown: it occurs only with the Secret's values, which are never quoted";

    private static Evaluation evaluateWithinBudget(CompiledPolicy policy, Object params, RequestContext ctx) {
        Map<String, Object> activation = PolicyActivation.of(policy.variables(), params, ctx);
        TextActivation text = new TextActivation(policy, params, ctx, activation);
        PolicyActivation.Conditions conditions = PolicyActivation.conditions(policy.matchConditions(), activation);
        if (!conditions.matched()) {
            return Evaluation.NOT_MATCHED;
        }
        if (conditions.error() != null) {
            String error = conditions.error();
            if (text.masked()) {
                String onMasked = PolicyActivation.conditions(policy.matchConditions(), text.get()).error();
                error = onMasked != null ? onMasked : "failed to evaluate matchConditions: " + WITHHELD;
            }
            return new Evaluation(true, List.of(Violation.error(-1, error)), Map.of());
        }

        List<Violation> violations = new ArrayList<>();
        List<CompiledValidation> validations = policy.validations();
        for (int i = 0; i < validations.size(); i++) {
            CompiledValidation v = validations.get(i);
            try {
                Object result = v.expression().evaluate(activation);
                if (Boolean.FALSE.equals(result)) {
                    violations.add(Violation.failed(i, message(v, text.get()), v.source().reason()));
                } else if (!Boolean.TRUE.equals(result)) {
                    violations.add(Violation.error(i, "expression '" + v.source().expression().trim()
                            + "' resulted in error: must evaluate to bool, got " + typeName(result)));
                }
            } catch (CelEvaluationException | RuntimeException | StackOverflowError e) {
                violations.add(Violation.error(i, "expression '" + v.source().expression().trim() + "' resulted in error: "
                        + text.error(v.expression(), e)));
            }
        }

        Map<String, String> annotations = new LinkedHashMap<>();
        for (CompiledAuditAnnotation a : policy.auditAnnotations()) {
            try {
                Object value = a.valueExpression().evaluate(text.get());
                if (value instanceof String s) {
                    String trimmed = s.trim();
                    if (!trimmed.isEmpty()) {
                        annotations.put(policy.name() + "/" + a.key(),
                                trimmed.length() > MAX_AUDIT_VALUE_LENGTH ? trimmed.substring(0, MAX_AUDIT_VALUE_LENGTH) : trimmed);
                    }
                } else if (!(value instanceof NullValue)) {
                    violations.add(Violation.error(-1, "valueExpression '" + a.valueExpression().text()
                            + "' resulted in unsupported return type: " + typeName(value) + ". Return type must be either string or null."));
                }
            } catch (CelEvaluationException | RuntimeException | StackOverflowError e) {
                violations.add(Violation.error(-1, "valueExpression '" + a.valueExpression().text() + "' resulted in error: " + describe(e)));
            }
        }
        return new Evaluation(true, violations, annotations);
    }

    /** messageExpression if it yields a usable string, else message, else the expression itself. */
    private static String message(CompiledValidation v, Map<String, Object> activation) {
        CompiledExpression messageExpression = v.messageExpression();
        if (messageExpression != null) {
            try {
                Object m = messageExpression.evaluate(activation);
                if (m instanceof String s) {
                    String trimmed = s.trim();
                    if (!trimmed.isEmpty() && trimmed.length() <= MAX_MESSAGE_LENGTH && !trimmed.contains("\n")) {
                        return trimmed;
                    }
                }
            } catch (CelEvaluationException | RuntimeException | StackOverflowError e) {
                // Falls back to the static message, as the API server does.
            }
        }
        if (v.source().message() != null && !v.source().message().isBlank()) {
            return v.source().message().trim();
        }
        return "failed expression: " + v.source().expression().trim();
    }

    private static String describe(Throwable e) {
        return PolicyActivation.describe(e);
    }

    private static String typeName(Object value) {
        if (value == null || value instanceof NullValue) {
            return "null";
        }
        if (value instanceof Map) {
            return "map";
        }
        if (value instanceof List) {
            return "list";
        }
        return value.getClass().getSimpleName().toLowerCase();
    }
}
