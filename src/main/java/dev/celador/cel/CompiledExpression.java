package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/** A type-checked, planned expression: immutable and safe to evaluate from many threads. */
public record CompiledExpression(String text, CelRuntime.Program program) {

    /** Evaluates, charging every node to the thread's CostBudget when one is active. */
    public Object evaluate(Map<String, ?> variables) throws CelEvaluationException {
        CostBudget budget = CostBudget.current();
        if (budget == null) {
            return program.eval(variables);
        }
        long outer = budget.beginExpression();
        try {
            return program.trace(variables, (expr, value) -> budget.chargeNode(value));
        } catch (CelEvaluationException e) {
            CostBudget.CostLimitExceeded limit = costLimit(e);
            throw limit == null ? e : new CelEvaluationException(limit.getMessage(), limit);
        } catch (CostBudget.CostLimitExceeded e) {
            throw new CelEvaluationException(e.getMessage(), e);
        } finally {
            budget.endExpression(outer);
        }
    }

    private static CostBudget.CostLimitExceeded costLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CostBudget.CostLimitExceeded c) {
                return c;
            }
        }
        return null;
    }
}
