package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;

/** A type-checked, planned expression: immutable and safe to evaluate from many threads. */
public record CompiledExpression(String text, CelRuntime.Program program) {

    public Object evaluate(Map<String, ?> variables) throws CelEvaluationException {
        return program.eval(variables);
    }
}
