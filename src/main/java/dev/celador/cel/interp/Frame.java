package dev.celador.cel.interp;

import dev.celador.cel.CostBudget;
import java.util.Map;

/** The state of one evaluation: the activation, comprehension variables and the cost budget. */
final class Frame {

    final Map<String, ?> activation;
    final Object[] slots;
    private final CostBudget budget;
    private final int maxIterations;
    private int iterations;

    Frame(Map<String, ?> activation, int slotCount, CostBudget budget, int maxIterations) {
        this.activation = activation;
        this.slots = slotCount == 0 ? NO_SLOTS : new Object[slotCount];
        this.budget = budget;
        this.maxIterations = maxIterations;
    }

    private static final Object[] NO_SLOTS = new Object[0];

    /** Charges a node as the dev.cel path's trace listener does: one unit plus a share of the value's size. */
    void charge(Object value) {
        if (budget != null) {
            budget.chargeNode(value);
        }
    }

    void countIteration() {
        if (++iterations > maxIterations) {
            throw Fallback.INSTANCE; // dev.cel reports the exceeded iteration budget
        }
    }
}
