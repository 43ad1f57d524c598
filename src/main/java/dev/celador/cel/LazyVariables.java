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

    /**
     * A variable's definition; constant, when present, keeps its value per params object because
     * it reads only params, constants and other such variables.
     */
    public record Definition(String name, CompiledExpression expression, ParamsConstant constant) {

        /** A variable evaluated on every request. */
        public Definition(String name, CompiledExpression expression) {
            this(name, expression, null);
        }

        /** The next variable of a policy, after earlier ones (which it may read). */
        public static Definition after(List<Definition> earlier, String name, CompiledExpression expression) {
            ExpressionInputs inputs = expression == null ? ExpressionInputs.UNKNOWN : expression.inputs();
            boolean paramsOnly = !inputs.readsRequest() && inputs.variables().stream()
                    .allMatch(v -> earlier.stream().anyMatch(d -> d.name().equals(v) && d.constant() != null));
            return new Definition(name, expression, paramsOnly ? new ParamsConstant() : null);
        }
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
        Definition definition = definitions.get(i);
        if (failures[i] != null) {
            throw new VariableEvaluationException(definition.name(), failures[i]);
        }
        Object params = null;
        if (definition.constant() != null) {
            // A params object is converted to a new view per request: its JSON node is what stays the same.
            params = JsonToCel.backingNode(activation.get(CelEnvironment.PARAMS));
            Object kept = definition.constant().get(params);
            if (kept != null) {
                values[i] = kept;
                return kept;
            }
        }
        try {
            Object value = definition.expression().evaluate(activation);
            values[i] = value;
            if (definition.constant() != null) {
                definition.constant().put(params, value);
            }
            return value;
        } catch (CelEvaluationException e) {
            failures[i] = e;
            throw new VariableEvaluationException(definition.name(), e);
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
