package dev.celador.engine;

import dev.cel.runtime.CelEvaluationException;
import dev.celador.cel.CelEnvironment;
import dev.celador.cel.LazyVariables;
import dev.celador.engine.compile.CompiledCondition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The variables one policy evaluation sees, and its matchConditions, shared by validation and mutation. */
public final class PolicyActivation {

    /** Whether the matchConditions let the policy apply, or why they could not tell. */
    public record Conditions(boolean matched, String error) {
        static final Conditions MATCHED = new Conditions(true, null);
        static final Conditions NOT_MATCHED = new Conditions(false, null);
    }

    private PolicyActivation() {
    }

    public static Map<String, Object> of(List<LazyVariables.Definition> variables, Object params, RequestContext ctx) {
        Map<String, Object> activation = new HashMap<>(8);
        activation.put(CelEnvironment.OBJECT, ctx.object());
        activation.put(CelEnvironment.OLD_OBJECT, ctx.oldObject());
        activation.put(CelEnvironment.REQUEST, ctx.requestValue());
        activation.put(CelEnvironment.PARAMS, params);
        activation.put(CelEnvironment.NAMESPACE_OBJECT, ctx.namespaceObject());
        activation.put(CelEnvironment.VARIABLES, new LazyVariables(variables, activation));
        return activation;
    }

    /** Any false condition skips the policy; otherwise the first error, as the API server decides. */
    public static Conditions conditions(List<CompiledCondition> conditions, Map<String, Object> activation) {
        String error = null;
        for (CompiledCondition condition : conditions) {
            try {
                Object result = condition.expression().evaluate(activation);
                if (Boolean.FALSE.equals(result)) {
                    return Conditions.NOT_MATCHED;
                }
                if (!Boolean.TRUE.equals(result) && error == null) {
                    error = "matchCondition '" + condition.name() + "' must evaluate to bool";
                }
            } catch (CelEvaluationException | RuntimeException | StackOverflowError e) {
                if (error == null) {
                    error = "failed to evaluate matchCondition '" + condition.name() + "': " + describe(e);
                }
            }
        }
        return error == null ? Conditions.MATCHED : new Conditions(true, error);
    }

    /** The message of an evaluation failure, unwrapping a failing variable to its own error. */
    public static String describe(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "expression nested too deeply";
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t instanceof CelEvaluationException
                && t.getCause() instanceof LazyVariables.VariableEvaluationException) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
