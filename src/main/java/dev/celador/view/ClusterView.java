package dev.celador.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What the engine may know about the cluster: objects by key, lists, namespaces. Backed by
 * objects from files offline and by informer caches in the cluster; only {@link #lookUp} may read
 * the API server, and only on a cache miss.
 */
public interface ClusterView {

    Optional<JsonNode> get(ObjectKey key);

    /**
     * A policy's lookup (resource.Get): as {@link #get}, except that a view on caches confirms a
     * miss with the API server, since an object written a moment ago may not be cached yet. When
     * mayBlock is false the caller cannot wait for that read, and such a miss comes back unconfirmed.
     */
    default Lookup lookUp(ObjectKey key, boolean mayBlock) {
        return Lookup.of(get(key));
    }

    /** Objects of a kind; namespace null or empty lists every namespace. */
    List<JsonNode> list(String apiVersion, String kind, String namespace);

    /**
     * A policy's list (resource.List): as {@link #list}, except that a view on caches reads the API
     * server for a kind whose cache has not finished its first listing (a kind a reloaded policy
     * just asked for). When mayBlock is false the caller cannot wait for that read, and the
     * listing comes back unconfirmed.
     */
    default Listing listUp(String apiVersion, String kind, String namespace, boolean mayBlock) {
        return Listing.of(list(apiVersion, kind, namespace));
    }

    default Optional<JsonNode> namespace(String name) {
        return get(ObjectKey.of("v1", "Namespace", null, name));
    }

    /** The kind a resource name (as in resource.Get) stands for, if the view knows it. */
    Optional<String> kindOf(String apiVersion, String resource);

    /** Whether objects of this kind live in namespaces. */
    boolean isNamespaced(String apiVersion, String kind);

    /** False until the view holds a complete picture; lookups before that are errors. */
    default boolean isSynced() {
        return true;
    }
}
