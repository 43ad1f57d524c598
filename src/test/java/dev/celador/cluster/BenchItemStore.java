package dev.celador.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * The informer's {@link JsonItemStore} opened to the cache benchmark in {@code dev.celador.bench}:
 * the same calls the informer and {@link InformerClusterView} make, nothing more.
 */
public final class BenchItemStore {

    private final JsonItemStore store;

    public BenchItemStore(KubernetesSerialization serialization, boolean stripSecretValues) {
        this.store = new JsonItemStore(serialization, stripSecretValues);
    }

    /** What the informer calls for each listed or watched object. */
    public void put(String key, GenericKubernetesResource resource) {
        store.put(key, resource);
    }

    public String keyOf(GenericKubernetesResource resource) {
        return store.getKey(resource);
    }

    /** What {@link InformerClusterView#get} reads for a namespaced kind. */
    public JsonNode get(String namespace, String name) {
        return store.json(namespace + "/" + name);
    }

    /** What {@link InformerClusterView#list} returns for one namespace. */
    public List<JsonNode> listNamespace(String namespace) {
        return store.inNamespace(namespace).toList();
    }

    /** What {@link InformerClusterView#list} returns for all namespaces. */
    public List<JsonNode> listAll() {
        return store.all().toList();
    }

    public int size() {
        return store.size();
    }
}
