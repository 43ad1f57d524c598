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
    private final boolean mayBlock;
    private final Map<JsonNode, Object> converted = new IdentityHashMap<>();
    private boolean unconfirmed;

    /** Lookups that may wait for the API server to confirm a cache miss. */
    public ClusterLookups(ClusterView view) {
        this(view, true);
    }

    /**
     * mayBlock false: for a thread that must not wait (the event loop); a cache miss that needs
     * the API server's word is then noted ({@link #unconfirmed}) and the caller runs the request
     * again where it may wait.
     */
    public ClusterLookups(ClusterView view, boolean mayBlock) {
        this.view = view;
        this.mayBlock = mayBlock;
    }

    /** True when a lookup missed the cache and could not confirm the miss: the answer is not final. */
    public boolean unconfirmed() {
        return unconfirmed;
    }

    boolean mayBlock() {
        return mayBlock;
    }

    void noteUnconfirmed() {
        unconfirmed = true;
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
