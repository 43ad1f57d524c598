package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;

/**
 * A value bound to the evaluating thread for the duration of some work, restoring what was bound
 * before: how library functions reach the request's budget and cluster view without a parameter.
 * Each thread keeps its one-element cell for good instead of removing the thread-local after every
 * evaluation: on the web server's worker threads, which carry dozens of thread-locals, a removed and
 * re-added entry rarely lands in its home slot again and every read then probes (4% of the webhook's
 * CPU in a profile). The cell is emptied after the work, so nothing outlives an evaluation.
 */
final class ThreadBinding<V> {

    private final ThreadLocal<Object[]> cell = ThreadLocal.withInitial(() -> new Object[1]);

    @SuppressWarnings("unchecked")
    V get() {
        return (V) cell.get()[0];
    }

    <T> T with(V value, CostBudget.Evaluation<T> work) throws CelEvaluationException {
        Object[] slot = cell.get();
        Object outer = slot[0];
        slot[0] = value;
        try {
            return work.run();
        } finally {
            slot[0] = outer;
        }
    }
}
