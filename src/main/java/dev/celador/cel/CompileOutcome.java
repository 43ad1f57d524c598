package dev.celador.cel;

/**
 * Either a compiled expression or the compiler's message (with positions), never both. line and
 * column (1-based, 0 when unknown) are where in the expression the first error is.
 */
public record CompileOutcome(CompiledExpression expression, String error, int line, int column) {

    public static CompileOutcome ok(CompiledExpression expression) {
        return new CompileOutcome(expression, null, 0, 0);
    }

    public static CompileOutcome failed(String error) {
        return new CompileOutcome(null, error, 0, 0);
    }

    public static CompileOutcome failed(String error, int line, int column) {
        return new CompileOutcome(null, error, line, column);
    }

    public boolean ok() {
        return expression != null;
    }
}
