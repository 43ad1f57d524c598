package dev.celador.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Two views read as one: the first (objects of the policy tree) wins over the second (the
 * cluster), so params shipped with policies work with or without a cluster.
 */
public final class LayeredClusterView implements ClusterView {

    private final ClusterView first;
    private final ClusterView second;

    public LayeredClusterView(ClusterView first, ClusterView second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public Optional<JsonNode> get(ObjectKey key) {
        Optional<JsonNode> found = first.get(key);
        return found.isPresent() ? found : second.get(key);
    }

    @Override
    public List<JsonNode> list(String apiVersion, String kind, String namespace) {
        List<JsonNode> out = new ArrayList<>(first.list(apiVersion, kind, namespace));
        Set<String> seen = new HashSet<>();
        out.forEach(o -> seen.add(identity(o)));
        for (JsonNode o : second.list(apiVersion, kind, namespace)) {
            if (seen.add(identity(o))) {
                out.add(o);
            }
        }
        return out;
    }

    @Override
    public Optional<String> kindOf(String apiVersion, String resource) {
        Optional<String> kind = second.kindOf(apiVersion, resource);
        return kind.isPresent() ? kind : first.kindOf(apiVersion, resource);
    }

    @Override
    public boolean isNamespaced(String apiVersion, String kind) {
        return second.isNamespaced(apiVersion, kind);
    }

    @Override
    public boolean isSynced() {
        return first.isSynced() && second.isSynced();
    }

    private static String identity(JsonNode o) {
        return o.path("metadata").path("namespace").asText("") + "/" + o.path("metadata").path("name").asText("");
    }
}
