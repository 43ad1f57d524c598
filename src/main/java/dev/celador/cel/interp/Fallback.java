package dev.celador.cel.interp;

/**
 * The fast path cannot vouch for the result: an error, an unsupported value or an ambiguous
 * overload. The caller re-evaluates with dev.cel, which is the authority on errors and on every
 * case the fast path does not handle. One shared instance without a stack trace, so bailing out
 * costs no allocation.
 */
public final class Fallback extends RuntimeException {

    static final Fallback INSTANCE = new Fallback();

    private Fallback() {
        super("evaluate with dev.cel", null, false, false);
    }
}
