package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Cost units and wall time spent by each expression during some work on this thread, for authors
 * who want to see what their policy costs (the playground). A figure includes the variables an
 * expression evaluated on first use. The webhook never records: while no profile has ever been
 * bound in the process, an evaluation pays one read of a static field for it.
 */
public final class ExpressionProfile {

    /** What one expression spent over all its evaluations. */
    public record Spent(long evaluations, long cost, long nanos) {
    }

    private static final ThreadBinding<ExpressionProfile> CURRENT = new ThreadBinding<>();
    /**
     * Plain, not volatile: a thread reads it only to find a profile it bound itself, so a stale false
     * on another thread is right for that thread, and the webhook's evaluations pay no fence.
     */
    private static boolean everBound;

    private final Map<CompiledExpression, long[]> spent = new IdentityHashMap<>();

    /** Runs work with this profile recording every expression evaluated on this thread. */
    public <T> T record(CostBudget.Evaluation<T> work) throws CelEvaluationException {
        everBound = true;
        return CURRENT.with(this, work);
    }

    /** What each expression spent, by the compiled expression (identity: the same text in two places counts apart). */
    public Map<CompiledExpression, Spent> spent() {
        Map<CompiledExpression, Spent> out = new IdentityHashMap<>();
        spent.forEach((e, s) -> out.put(e, new Spent(s[0], s[1], s[2])));
        return out;
    }

    static ExpressionProfile current() {
        return everBound ? CURRENT.get() : null;
    }

    void add(CompiledExpression expression, long cost, long nanos) {
        long[] s = spent.computeIfAbsent(expression, k -> new long[3]);
        s[0]++;
        s[1] += cost;
        s[2] += nanos;
    }
}
