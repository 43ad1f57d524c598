package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;

/**
 * The cost budget of the evaluation running on this thread. Library functions charge it by input
 * size; expressions charge one unit per evaluated node. Outside an evaluation, charges are free.
 */
public final class CostBudget {

    private static final ThreadLocal<CostBudget> CURRENT = new ThreadLocal<>();

    private final long limit;
    private long spent;

    CostBudget(long limit) {
        this.limit = limit;
    }

    /** Charges the current evaluation; throws once its budget is exceeded. */
    public static void charge(long units) throws CelEvaluationException {
        CostBudget budget = CURRENT.get();
        if (budget != null) {
            budget.spend(units);
        }
    }

    void spend(long units) throws CelEvaluationException {
        spent += Math.max(0, units);
        if (spent > limit) {
            throw new CelEvaluationException("operation cancelled: actual cost limit exceeded (limit " + limit + ")",
                    new CostLimitExceeded(limit));
        }
    }

    long spent() {
        return spent;
    }

    static CostBudget current() {
        return CURRENT.get();
    }

    static void enter(CostBudget budget) {
        CURRENT.set(budget);
    }

    static void exit() {
        CURRENT.remove();
    }

    /** The cause of a CelEvaluationException raised when a budget runs out. */
    public static final class CostLimitExceeded extends RuntimeException {
        CostLimitExceeded(long limit) {
            super("cost limit " + limit + " exceeded", null, false, false);
        }
    }
}
