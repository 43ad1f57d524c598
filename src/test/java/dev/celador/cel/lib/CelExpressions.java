package dev.celador.cel.lib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cel.CelEnvironment;
import dev.celador.cel.CompileOutcome;
import dev.celador.cel.ExpectedType;
import dev.cel.runtime.CelEvaluationException;
import java.util.Map;

/** Compiles and evaluates CEL expressions in the real Celador environment, for library tests. */
final class CelExpressions {

    private static final CelEnvironment ENVIRONMENT = new CelEnvironment();

    private CelExpressions() {
    }

    static CompileOutcome compile(String expression) {
        return ENVIRONMENT.compile(expression, ExpectedType.ANY);
    }

    static boolean compiles(String expression) {
        return compile(expression).ok();
    }

    static Object eval(String expression) throws CelEvaluationException {
        return eval(expression, "");
    }

    /** Evaluates with {@code object} bound to the given value (dyn, as admission objects are). */
    static Object eval(String expression, Object object) throws CelEvaluationException {
        CompileOutcome outcome = compile(expression);
        assertThat(outcome.ok()).as("compiles: %s -> %s", expression, outcome.error()).isTrue();
        return outcome.expression().evaluate(Map.of("object", object));
    }
}
