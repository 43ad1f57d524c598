package dev.celador.cel;

/** Either a compiled expression or the compiler's message (with positions), never both. */
public record CompileOutcome(CompiledExpression expression, String error) {

    public static CompileOutcome ok(CompiledExpression expression) {
        return new CompileOutcome(expression, null);
    }

    public static CompileOutcome failed(String error) {
        return new CompileOutcome(null, error);
    }

    public boolean ok() {
        return expression != null;
    }
}
