package dev.celador.cel.interp;

/** One node of a translated expression. */
abstract class Node {

    /** Evaluates and charges the result to the budget, as dev.cel's listener charges every node. */
    final Object run(Frame f) {
        Object value = eval(f);
        f.charge(value);
        return value;
    }

    abstract Object eval(Frame f);

    static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw Fallback.INSTANCE; // dev.cel: "expected boolean value"
    }
}
