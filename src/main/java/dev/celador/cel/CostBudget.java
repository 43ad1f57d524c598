package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;
import java.util.Collection;

/**
 * The cost budget of the policy evaluation running on this thread, because dev.cel has no cost
 * tracking. Every evaluated node costs one unit plus a share of the size of the value it produced
 * (so work on big strings and lists costs more); library functions charge by input size. Each
 * expression has its own limit inside the limit of the whole evaluation, in the spirit of the API
 * server's per-expression and per-binding budgets. Outside an evaluation, charges are free.
 */
public final class CostBudget {

    /** Per expression, like the API server's 1,000,000 cost units. */
    public static final long EXPRESSION_LIMIT = 1_000_000;
    /** Per binding evaluation (all its expressions), like the API server's 10,000,000. */
    public static final long EVALUATION_LIMIT = 10_000_000;

    private static final ThreadBinding<CostBudget> CURRENT = new ThreadBinding<>();

    private final long expressionLimit;
    private final long evaluationLimit;
    private long spent;
    /** What had been spent when the innermost running expression started. */
    private long expressionStart;

    public CostBudget(long expressionLimit, long evaluationLimit) {
        this.expressionLimit = expressionLimit;
        this.evaluationLimit = evaluationLimit;
    }

    public static CostBudget standard() {
        return new CostBudget(EXPRESSION_LIMIT, EVALUATION_LIMIT);
    }

    /** Runs work with this budget bound to the thread (nested calls keep the outer binding). */
    public <T> T run(Evaluation<T> work) throws CelEvaluationException {
        return CURRENT.with(this, work);
    }

    /** Work that evaluates CEL. */
    public interface Evaluation<T> {
        T run() throws CelEvaluationException;
    }

    /** Charges the current evaluation; throws once a budget is exceeded. */
    public static void charge(long units) throws CelEvaluationException {
        CostBudget budget = CURRENT.get();
        if (budget != null) {
            try {
                budget.spend(units);
            } catch (CostLimitExceeded e) {
                throw new CelEvaluationException(e.getMessage(), e);
            }
        }
    }

    static CostBudget current() {
        return CURRENT.get();
    }

    long spent() {
        return spent;
    }

    /** Takes back what was spent since mark: an abandoned fast-path attempt is charged again by dev.cel. */
    void rewindTo(long mark) {
        spent = Math.min(spent, mark);
    }

    /** Marks the start of an expression; returns the mark to restore when it ends. */
    long beginExpression() {
        long outer = expressionStart;
        expressionStart = spent;
        return outer;
    }

    void endExpression(long outerMark) {
        expressionStart = outerMark;
    }

    /** Called for every evaluated node; unchecked because the runtime's listener cannot throw. */
    public void chargeNode(Object value) {
        spend(1 + sizeCost(value));
    }

    private void spend(long units) {
        spent += Math.max(0, units);
        if (spent - expressionStart > expressionLimit) {
            throw new CostLimitExceeded("expression", expressionLimit);
        }
        if (spent > evaluationLimit) {
            throw new CostLimitExceeded("evaluation", evaluationLimit);
        }
    }

    private static long sizeCost(Object value) {
        // Most nodes yield booleans and numbers: test those final classes first, because the
        // interface checks below are slow when the same call site sees many classes.
        if (value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return 0;
        }
        if (value instanceof String s) {
            return s.length() / 64;
        }
        if (value instanceof Collection<?> c) {
            return c.size() / 8;
        }
        // Maps are not charged by size: only comprehensions build them, and those pay per iteration.
        return 0;
    }

    /** The spent budget somewhere in e's causes, or null: it ends an evaluation whoever wrapped it. */
    public static CostLimitExceeded limitIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CostLimitExceeded c) {
                return c;
            }
        }
        return null;
    }

    /** Ends an evaluation that ran out of budget; becomes an evaluation error for failurePolicy. */
    public static final class CostLimitExceeded extends RuntimeException {
        CostLimitExceeded(String scope, long limit) {
            super("operation cancelled: " + scope + " cost limit of " + limit + " exceeded", null, false, false);
        }
    }
}
