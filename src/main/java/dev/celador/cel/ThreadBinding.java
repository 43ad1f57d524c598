package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;

/**
 * Binds a value to the evaluating thread for the duration of some work, restoring what was bound
 * before: how library functions reach the request's budget and cluster view without a parameter.
 */
final class ThreadBinding {

    private ThreadBinding() {
    }

    static <V, T> T with(ThreadLocal<V> slot, V value, CostBudget.Evaluation<T> work) throws CelEvaluationException {
        V outer = slot.get();
        slot.set(value);
        try {
            return work.run();
        } finally {
            if (outer == null) {
                slot.remove();
            } else {
                slot.set(outer);
            }
        }
    }
}
