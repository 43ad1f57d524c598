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

    /** A list through the thread's view, noting a listing it could not confirm. */
    public static java.util.List<JsonNode> listUp(String apiVersion, String kind, String namespace) throws CelEvaluationException {
        ClusterLookups lookups = ClusterLookups.current();
        dev.celador.view.Listing found = lookups.view().listUp(apiVersion, kind, namespace, lookups.mayBlock());
        if (found.error() != null) {
            throw new CelEvaluationException(found.error());
        }
        if (found.unconfirmed()) {
            lookups.noteUnconfirmed();
        }
        return found.items();
    }

    public static Object convert(JsonNode node) {
        try {
            return ClusterLookups.current().convert(node);
        } catch (CelEvaluationException e) {
            return JsonToCel.convert(node);
        }
    }
}
