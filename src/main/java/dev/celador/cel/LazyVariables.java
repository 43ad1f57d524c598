package dev.celador.cel;

import dev.cel.runtime.CelEvaluationException;
import java.util.AbstractMap;
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

    /** Few per policy: a scan of the names is cheaper than building maps for every evaluation. */
    private final List<Definition> definitions;
    private final Object[] values;
    private final CelEvaluationException[] failures;
    private final Map<String, Object> activation;

    /** activation holds the other top-level variables; this map is added to it as `variables`. */
    public LazyVariables(List<Definition> definitions, Map<String, Object> activation) {
        this.definitions = definitions;
        this.values = new Object[definitions.size()];
        this.failures = new CelEvaluationException[definitions.size()];
        this.activation = activation;
    }

    private int indexOf(Object key) {
        for (int i = 0; i < definitions.size(); i++) {
            if (definitions.get(i).name().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        if (values[i] != null) {
            return values[i];
        }
        String name = definitions.get(i).name();
        if (failures[i] != null) {
            throw new VariableEvaluationException(name, failures[i]);
        }
        try {
            Object value = definitions.get(i).expression().evaluate(activation);
            values[i] = value;
            return value;
        } catch (CelEvaluationException e) {
            failures[i] = e;
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
