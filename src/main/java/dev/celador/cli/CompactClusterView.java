package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import dev.celador.view.StaticClusterView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects `celador check` keeps for lookups, held as compact JSON bytes instead of trees (a
 * parsed StatefulSet takes about ten times its JSON's size on the heap), so keeping thousands of
 * them costs megabytes, not hundreds. Names, namespaces and scope are answered by a
 * {@link StaticClusterView} of skeletons (apiVersion, kind, name, namespace), so this view finds
 * exactly what a StaticClusterView of the whole objects would; an object is parsed when a lookup
 * returns it, and the most recently returned are kept parsed.
 */
final class CompactClusterView implements ClusterView {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARSED = 512;

    private final StaticClusterView skeletons;
    private final Map<JsonNode, byte[]> bytes = new IdentityHashMap<>();
    private final Map<JsonNode, JsonNode> parsed = new LinkedHashMap<>(PARSED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JsonNode, JsonNode> eldest) {
            return size() > PARSED;
        }
    };

    /** A view of objects added one at a time (each compacted as it comes), ready once {@link #seal()} is called. */
    static final class Builder {
        private final Map<JsonNode, byte[]> bytes = new IdentityHashMap<>();
        private final List<JsonNode> skeletons = new java.util.ArrayList<>();

        Builder add(JsonNode object) {
            ObjectNode skeleton = JSON.createObjectNode();
            skeleton.set("apiVersion", object.path("apiVersion"));
            skeleton.set("kind", object.path("kind"));
            ObjectNode metadata = skeleton.putObject("metadata");
            metadata.set("name", object.path("metadata").path("name"));
            if (object.path("metadata").has("namespace")) {
                metadata.set("namespace", object.path("metadata").path("namespace"));
            }
            try {
                bytes.put(skeleton, JSON.writeValueAsBytes(object));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            skeletons.add(skeleton);
            return this;
        }

        CompactClusterView seal() {
            return new CompactClusterView(new StaticClusterView(skeletons), bytes);
        }
    }

    private CompactClusterView(StaticClusterView skeletons, Map<JsonNode, byte[]> bytes) {
        this.skeletons = skeletons;
        this.bytes.putAll(bytes);
    }

    @Override
    public Optional<JsonNode> get(ObjectKey key) {
        return skeletons.get(key).map(this::whole);
    }

    @Override
    public List<JsonNode> list(String apiVersion, String kind, String namespace) {
        return skeletons.list(apiVersion, kind, namespace).stream().map(this::whole).toList();
    }

    @Override
    public Optional<String> kindOf(String apiVersion, String resource) {
        return skeletons.kindOf(apiVersion, resource);
    }

    @Override
    public boolean isNamespaced(String apiVersion, String kind) {
        return skeletons.isNamespaced(apiVersion, kind);
    }

    private JsonNode whole(JsonNode skeleton) {
        return parsed.computeIfAbsent(skeleton, s -> {
            try {
                return JSON.readTree(bytes.get(s));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
