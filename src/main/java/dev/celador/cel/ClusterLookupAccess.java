package dev.celador.cel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.view.ClusterView;

/** What the lookup library may reach of the thread's ClusterLookups. */
public final class ClusterLookupAccess {

    private ClusterLookupAccess() {
    }

    public static ClusterView view() throws CelEvaluationException {
        return ClusterLookups.current().view();
    }

    public static Object convert(JsonNode node) {
        try {
            return ClusterLookups.current().convert(node);
        } catch (CelEvaluationException e) {
            return JsonToCel.convert(node);
        }
    }
}
