package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.celador.cel.interp.FastProgram;
import java.util.Map;

/**
 * A type-checked, planned expression: immutable and safe to evaluate from many threads. fast,
 * when present, answers the cases it can vouch for (see interp/); dev.cel's program answers the
 * rest and is the authority on errors. notFast says why there is no fast program. inputs says
 * whether it reads the request or only params and constants. An expression that did not compile
 * has no program and a compileError: evaluating it fails with that error, so the policy's
 * failurePolicy decides, as the API server does with a policy whose expressions do not compile.
 */
public record CompiledExpression(String text, CelRuntime.Program program, FastProgram fast, String notFast,
        ExpressionInputs inputs, String compileError) {

    public CompiledExpression(String text, CelRuntime.Program program, FastProgram fast, String notFast, ExpressionInputs inputs) {
        this(text, program, fast, notFast, inputs, null);
    }

    /** An expression that does not compile; error is what the compiler said. */
    public static CompiledExpression failed(String text, String error) {
        return new CompiledExpression(text, null, null, "it does not compile", ExpressionInputs.UNKNOWN, error);
    }

    public boolean compiles() {
        return compileError == null;
    }

    /** Evaluates, charging every node to the thread's CostBudget when one is active. */
    public Object evaluate(Map<String, ?> variables) throws CelEvaluationException {
        ExpressionProfile profile = ExpressionProfile.current();
        if (profile == null) {
            return evaluateUnprofiled(variables);
        }
        CostBudget budget = CostBudget.current();
        long cost = budget == null ? 0 : budget.spent();
        long start = System.nanoTime();
        try {
            return evaluateUnprofiled(variables);
        } finally {
            profile.add(this, budget == null ? 0 : budget.spent() - cost, System.nanoTime() - start);
        }
    }

    private Object evaluateUnprofiled(Map<String, ?> variables) throws CelEvaluationException {
        if (compileError != null) {
            throw new CelEvaluationException("compilation error: " + compileError);
        }
        CostBudget budget = CostBudget.current();
        if (fast != null) {
            long mark = budget == null ? 0 : budget.spent();
            try {
                return evaluateFast(variables, budget);
            } catch (RuntimeException e) {
                // Fallback, or a failure the fast path did not foresee: either way dev.cel decides.
                if (budget != null) {
                    budget.rewindTo(mark); // dev.cel charges its own evaluation
                }
            }
        }
        if (budget == null) {
            return program.eval(variables);
        }
        long outer = budget.beginExpression();
        try {
            return program.trace(variables, (expr, value) -> budget.chargeNode(value));
        } catch (CelEvaluationException e) {
            CostBudget.CostLimitExceeded limit = CostBudget.limitIn(e);
            throw limit == null ? e : new CelEvaluationException(limit.getMessage(), limit);
        } catch (CostBudget.CostLimitExceeded e) {
            throw new CelEvaluationException(e.getMessage(), e);
        } finally {
            budget.endExpression(outer);
        }
    }

    private Object evaluateFast(Map<String, ?> variables, CostBudget budget) throws CelEvaluationException {
        if (budget == null) {
            return fast.evaluate(variables, null);
        }
        long outer = budget.beginExpression();
        try {
            return fast.evaluate(variables, budget);
        } catch (CostBudget.CostLimitExceeded e) {
            throw new CelEvaluationException(e.getMessage(), e);
        } finally {
            budget.endExpression(outer);
        }
    }
}
