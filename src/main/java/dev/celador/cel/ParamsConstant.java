package dev.celador.cel;

/**
 * The last value of a variable that reads only params and constants (split a params list,
 * build patterns from it), kept with the params object it was computed from: the next request
 * with the same params object reuses it instead of evaluating again. Params objects are never
 * changed in place (a reload or a cluster update brings a new one), so identity is the key. A
 * failed evaluation is not kept, so every request still reports it.
 */
final class ParamsConstant {

    private record Entry(Object params, Object value) {
    }

    private volatile Entry last;

    /** The kept value for these params (by identity), or null. */
    Object get(Object params) {
        Entry e = last;
        return e != null && e.params == params ? e.value : null;
    }

    void put(Object params, Object value) {
        last = new Entry(params, value);
    }
}
