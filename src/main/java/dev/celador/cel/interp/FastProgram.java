package dev.celador.cel.interp;

import dev.celador.cel.CostBudget;
import java.util.Map;

/**
 * A type-checked expression translated into a tree of nodes that evaluate the JSON-shaped values
 * of an admission request directly: overloads resolved at translation, comprehension variables in
 * slots, no per-node allocation. It answers only when it is sure to give dev.cel's answer;
 * otherwise it throws {@link Fallback} (or lets through what a value it reads threw, such as a
 * variable that failed) and the caller asks dev.cel. Immutable and thread-safe.
 */
public final class FastProgram {

    private final Node root;
    private final int slotCount;
    private final int maxIterations;

    FastProgram(Node root, int slotCount, int maxIterations) {
        this.root = root;
        this.slotCount = slotCount;
        this.maxIterations = maxIterations;
    }

    /**
     * Evaluates, charging each node to budget (null: free).
     *
     * @throws Fallback when dev.cel must evaluate instead (errors included); any other
     *     RuntimeException but the cost limit means the same
     * @throws CostBudget.CostLimitExceeded when the budget runs out
     */
    public Object evaluate(Map<String, ?> activation, CostBudget budget) {
        return root.run(new Frame(activation, slotCount, budget, maxIterations));
    }
}
