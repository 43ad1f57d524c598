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

    /** A lookup by key through the thread's view, noting a miss it could not confirm. */
    public static java.util.Optional<JsonNode> lookUp(dev.celador.view.ObjectKey key) throws CelEvaluationException {
        ClusterLookups lookups = ClusterLookups.current();
        dev.celador.view.Lookup found = lookups.view().lookUp(key, lookups.mayBlock());
        if (found.error() != null) {
            throw new CelEvaluationException(found.error());
        }
        if (found.unconfirmed()) {
            lookups.noteUnconfirmed();
        }
        return found.object();
    }

    public static Object convert(JsonNode node) {
        try {
            return ClusterLookups.current().convert(node);
        } catch (CelEvaluationException e) {
            return JsonToCel.convert(node);
        }
    }
}
