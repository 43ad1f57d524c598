package dev.celador.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The informer's store, holding each object once, as the Jackson tree the engine reads, indexed
 * by namespace/name and by namespace so lookups never scan. Secret values are dropped before
 * anything is kept, and managedFields (large, never useful to a policy) too.
 */
final class JsonItemStore implements ItemStore<GenericKubernetesResource> {

    private final KubernetesSerialization serialization;
    private final boolean stripSecretValues;
    private final Map<String, JsonNode> byKey = new ConcurrentHashMap<>();
    private final Map<String, Map<String, JsonNode>> byNamespace = new ConcurrentHashMap<>();

    JsonItemStore(KubernetesSerialization serialization, boolean stripSecretValues) {
        this.serialization = serialization;
        this.stripSecretValues = stripSecretValues;
    }

    @Override
    public String getKey(GenericKubernetesResource obj) {
        return Cache.metaNamespaceKeyFunc(obj);
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource obj) {
        JsonNode json = kept(serialization, obj, stripSecretValues);
        JsonNode old = byKey.put(key, json);
        byNamespace.computeIfAbsent(namespaceOf(json), k -> new ConcurrentHashMap<>()).put(key, json);
        return toResource(old);
    }

    /** An object as a cache keeps it: a Jackson tree without managedFields, and without a Secret's values. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    static JsonNode kept(KubernetesSerialization serialization, GenericKubernetesResource obj, boolean stripSecretValues) {
        JsonNode json = serialization.convertValue(obj, JsonNode.class);
        if (json instanceof ObjectNode o) {
            if (stripSecretValues) {
                o.remove("data");
                o.remove("stringData");
                // kubectl apply repeats every value in this annotation
                if (o.path("metadata").path("annotations") instanceof ObjectNode annotations) {
                    annotations.remove(LAST_APPLIED);
                }
            }
            JsonNode metadata = o.get("metadata");
            if (metadata instanceof ObjectNode m) {
                m.remove("managedFields");
            }
        }
        return json;
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        JsonNode old = byKey.remove(key);
        if (old != null) {
            Map<String, JsonNode> ns = byNamespace.get(namespaceOf(old));
            if (ns != null) {
                ns.remove(key);
            }
        }
        return toResource(old);
    }

    @Override
    public Stream<String> keySet() {
        return byKey.keySet().stream();
    }

    @Override
    public Stream<GenericKubernetesResource> values() {
        return byKey.values().stream().map(this::toResource);
    }

    @Override
    public int size() {
        return byKey.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        return toResource(byKey.get(key));
    }

    JsonNode json(String key) {
        return byKey.get(key);
    }

    Stream<JsonNode> all() {
        return byKey.values().stream();
    }

    Stream<JsonNode> inNamespace(String namespace) {
        Map<String, JsonNode> ns = byNamespace.get(namespace);
        return ns == null ? Stream.empty() : ns.values().stream();
    }

    private GenericKubernetesResource toResource(JsonNode json) {
        return json == null ? null : serialization.convertValue(json, GenericKubernetesResource.class);
    }

    private static String namespaceOf(JsonNode json) {
        return json.path("metadata").path("namespace").asText("");
    }
}
