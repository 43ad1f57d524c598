package dev.celador.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import dev.celador.view.StaticClusterView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects `celador audit` lets lookups see, held as their JSON bytes rather than as trees (a
 * tree takes several times the bytes of its text, and a dump's lookup kinds grow with the dump):
 * an object is parsed when a lookup reads it, and the most recently read are kept parsed, since a
 * dump lists each kind namespace by namespace and lookups stay within one. Scope and kind names
 * are answered as {@link StaticClusterView} answers them for the same objects.
 */
final class CompactClusterView implements ClusterView {

    private static final int PARSED = 4096;

    private final ObjectMapper json = new ObjectMapper();
    private final List<Map.Entry<ObjectKey, byte[]>> added = new ArrayList<>();
    private final List<JsonNode> skeletons = new ArrayList<>();
    private final Map<String, Boolean> seenScopes = new HashMap<>();
    private final Map<ObjectKey, byte[]> byKey = new HashMap<>();
    private final Map<String, List<ObjectKey>> byKindAndNamespace = new HashMap<>();
    private final Map<ObjectKey, JsonNode> parsed = new LinkedHashMap<>(PARSED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ObjectKey, JsonNode> eldest) {
            return size() > PARSED;
        }
    };
    private StaticClusterView scopes;

    /** Adds an object (before {@link #seal()}); one without apiVersion, kind or name is left out, as the static view does. */
    void add(JsonNode o) {
        String apiVersion = o.path("apiVersion").asText("");
        String kind = o.path("kind").asText("");
        String name = o.path("metadata").path("name").asText("");
        if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
            return;
        }
        String ns = o.path("metadata").path("namespace").asText("");
        try {
            added.add(Map.entry(ObjectKey.of(apiVersion, kind, ns, name), json.writeValueAsBytes(o)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (seenScopes.putIfAbsent(apiVersion + "/" + kind + (ns.isEmpty() ? "" : "/ns"), Boolean.TRUE) == null) {
            ObjectNode skeleton = JsonNodeFactory.instance.objectNode().put("apiVersion", apiVersion).put("kind", kind);
            ObjectNode meta = skeleton.putObject("metadata").put("name", name);
            if (!ns.isEmpty()) {
                meta.put("namespace", ns);
            }
            skeletons.add(skeleton);
        }
    }

    /** Indexes what was added; the view answers lookups from here on. */
    CompactClusterView seal() {
        scopes = new StaticClusterView(skeletons);
        for (Map.Entry<ObjectKey, byte[]> e : added) {
            ObjectKey k = e.getKey();
            boolean namespaced = scopes.isNamespaced(k.apiVersion(), k.kind());
            String ns = namespaced ? (k.namespace() == null ? "default" : k.namespace()) : null;
            ObjectKey key = ObjectKey.of(k.apiVersion(), k.kind(), ns, k.name());
            if (byKey.put(key, e.getValue()) == null) {
                byKindAndNamespace.computeIfAbsent(k.apiVersion() + "/" + k.kind() + "/" + (ns == null ? "" : ns), x -> new ArrayList<>())
                        .add(key);
            }
        }
        added.clear();
        return this;
    }

    @Override
    public Optional<JsonNode> get(ObjectKey key) {
        boolean namespaced = scopes.isNamespaced(key.apiVersion(), key.kind());
        return Optional.ofNullable(parse(ObjectKey.of(key.apiVersion(), key.kind(), namespaced ? key.namespace() : null, key.name())));
    }

    @Override
    public List<JsonNode> list(String apiVersion, String kind, String namespace) {
        List<JsonNode> out = new ArrayList<>();
        String prefix = apiVersion + "/" + kind + "/";
        if (namespace == null || namespace.isEmpty() || !scopes.isNamespaced(apiVersion, kind)) {
            byKindAndNamespace.forEach((k, keys) -> {
                if (k.startsWith(prefix) && k.indexOf('/', prefix.length()) < 0) {
                    keys.forEach(key -> out.add(parse(key)));
                }
            });
        } else {
            byKindAndNamespace.getOrDefault(prefix + namespace, List.of()).forEach(key -> out.add(parse(key)));
        }
        return out;
    }

    @Override
    public Optional<String> kindOf(String apiVersion, String resource) {
        return scopes.kindOf(apiVersion, resource);
    }

    @Override
    public boolean isNamespaced(String apiVersion, String kind) {
        return scopes.isNamespaced(apiVersion, kind);
    }

    private JsonNode parse(ObjectKey key) {
        JsonNode tree = parsed.get(key);
        if (tree != null) {
            return tree;
        }
        byte[] bytes = byKey.get(key);
        if (bytes == null) {
            return null;
        }
        try {
            tree = json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        parsed.put(key, tree);
        return tree;
    }
}
