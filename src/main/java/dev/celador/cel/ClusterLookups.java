package dev.celador.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.view.ClusterView;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The cluster view that resource.Get / resource.List read during the evaluation running on this
 * thread, with the objects it returned converted to CEL values once per request.
 */
public final class ClusterLookups {

    private static final ThreadBinding<ClusterLookups> CURRENT = new ThreadBinding<>();

    private final ClusterView view;
    private final Map<JsonNode, Object> converted = new IdentityHashMap<>();

    public ClusterLookups(ClusterView view) {
        this.view = view;
    }

    /** Runs work with this view bound to the thread. */
    public <T> T run(CostBudget.Evaluation<T> work) throws CelEvaluationException {
        return CURRENT.with(this, work);
    }

    /** The view of the current evaluation; an error outside one (lookups need a request). */
    static ClusterLookups current() throws CelEvaluationException {
        ClusterLookups lookups = CURRENT.get();
        if (lookups == null) {
            throw new CelEvaluationException("cluster lookups are not available here");
        }
        return lookups;
    }

    ClusterView view() {
        return view;
    }

    Object convert(JsonNode node) {
        return converted.computeIfAbsent(node, JsonToCel::convert);
    }
}
