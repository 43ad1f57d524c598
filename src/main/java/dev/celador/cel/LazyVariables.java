package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The `variables` map of one evaluation: each variable is computed on first use and at most once.
 * The CEL runtime only calls containsKey and get, so laziness is transparent to expressions.
 * Not thread-safe: one instance per (request, binding, param) evaluation.
 */
public final class LazyVariables extends AbstractMap<String, Object> {

    /** A variable's definition. */
    public record Definition(String name, CompiledExpression expression) {
    }

    private final Map<String, CompiledExpression> definitions = new HashMap<>();
    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, CelEvaluationException> failures = new HashMap<>();
    private final Map<String, Object> activation;

    /** activation holds the other top-level variables; this map is added to it as `variables`. */
    public LazyVariables(List<Definition> definitions, Map<String, Object> activation) {
        for (Definition d : definitions) {
            this.definitions.put(d.name(), d.expression());
        }
        this.activation = activation;
    }

    @Override
    public boolean containsKey(Object key) {
        return definitions.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name) || !definitions.containsKey(name)) {
            return null;
        }
        if (values.containsKey(name)) {
            return values.get(name);
        }
        if (failures.containsKey(name)) {
            throw new VariableEvaluationException(name, failures.get(name));
        }
        try {
            Object value = definitions.get(name).evaluate(activation);
            values.put(name, value);
            return value;
        } catch (CelEvaluationException e) {
            failures.put(name, e);
            throw new VariableEvaluationException(name, e);
        }
    }

    /** Declared variables, evaluated or not (the cost budget sizes values by this). */
    @Override
    public int size() {
        return definitions.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        throw new UnsupportedOperationException("variables are evaluated lazily, by name");
    }

    /** A variable's own evaluation failed; surfaces through the expression that used it. */
    public static final class VariableEvaluationException extends RuntimeException {
        public VariableEvaluationException(String name, CelEvaluationException cause) {
            super("variables." + name + ": " + cause.getMessage(), cause);
        }
    }
}
