package dev.celador.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.view.ClusterView;
import dev.celador.view.Listing;
import dev.celador.view.Lookup;
import dev.celador.view.ObjectKey;
import dev.celador.view.ResourceNames;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.jboss.logging.Logger;

/**
 * A ClusterView on shared informers: one cache per watched kind, started on demand from what the
 * loaded policies look up. Requests only read the caches; they never call the API server.
 */
public final class InformerClusterView implements ClusterView, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InformerClusterView.class);
    /** Scopes of built-in kinds, so the common case needs no discovery call. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "Node", "PersistentVolume", "StorageClass",
            "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "IngressClass", "CSIDriver");

    /** Objects per page of an informer's first listing (and of each listing again after a watch expired). */
    static final long LIST_PAGE = 500;

    private final KubernetesClient client;
    private final Vertx ownLoops;
    private final Map<String, Cache> caches = new ConcurrentHashMap<>();
    private final LiveReads live;
    private volatile boolean synced;
    private boolean compacted; // guarded by this

    private record Cache(WatchedKind kind, SharedIndexInformer<GenericKubernetesResource> informer, JsonItemStore store) {
    }

    public InformerClusterView(KubernetesClient client) {
        this(client, null);
    }

    private InformerClusterView(KubernetesClient client, Vertx ownLoops) {
        this.client = client;
        this.ownLoops = ownLoops;
        this.live = new LiveReads(client);
    }

    /**
     * A view whose client reads its responses on an event loop of its own. The client Quarkus
     * injects shares the HTTP server's event loops, and a client turns a response into objects on
     * the loop that received it: a page of 500 StatefulSets for an informer or the audit held
     * webhook requests on that loop for tens of milliseconds, a 25,000-object first listing for
     * seconds. One loop: the cluster's reads use at most one core between them.
     */
    public static InformerClusterView onOwnEventLoop(KubernetesClient configured) {
        Vertx loops = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2));
        KubernetesClient own = new KubernetesClientBuilder().withConfig(configured.getConfiguration())
                .withKubernetesSerialization(configured.getKubernetesSerialization())
                .withHttpClientFactory(new VertxHttpClientFactory(loops)).build();
        return new InformerClusterView(own, loops);
    }

    /** The client this view reads with (the background audit reads and writes with it too). */
    public KubernetesClient client() {
        return client;
    }

    /** Starts caches for kinds not watched yet (kinds already watched keep their cache). */
    public void watch(Set<WatchedKind> kinds) {
        for (WatchedKind kind : kinds) {
            caches.computeIfAbsent(key(kind.apiVersion(), kind.kind()), k -> start(kind));
        }
    }

    /** What a kind's resource name and scope are: built-in table first, then discovery. */
    public Optional<WatchedKind> describe(String apiVersion, String kind) {
        if (ResourceNames.builtInKind(ResourceNames.resourceOf(kind)).filter(kind::equals).isPresent()) {
            return Optional.of(new WatchedKind(apiVersion, kind, ResourceNames.resourceOf(kind), !CLUSTER_SCOPED.contains(kind)));
        }
        return discover(apiVersion).stream().filter(r -> kind.equals(r.getKind()) && !r.getName().contains("/")).findFirst()
                .map(r -> new WatchedKind(apiVersion, kind, r.getName(), Boolean.TRUE.equals(r.getNamespaced())));
    }

    /** The watched kind of a resource name, or the built-in one, or discovery's answer. */
    public Optional<WatchedKind> describeResource(String apiVersion, String resource) {
        Optional<String> builtIn = ResourceNames.builtInKind(resource);
        if (builtIn.isPresent()) {
            return describe(apiVersion, builtIn.get());
        }
        return discover(apiVersion).stream().filter(r -> resource.equals(r.getName())).findFirst()
                .map(r -> new WatchedKind(apiVersion, r.getKind(), r.getName(), Boolean.TRUE.equals(r.getNamespaced())));
    }

    private List<APIResource> discover(String apiVersion) {
        try {
            APIResourceList list = client.getApiResources(apiVersion);
            return list == null ? List.of() : list.getResources();
        } catch (RuntimeException e) {
            LOG.warnf("discovery of %s failed: %s", apiVersion, e.getMessage());
            return List.of();
        }
    }

    private Cache start(WatchedKind kind) {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(kind.group()).withVersion(kind.version()).withKind(kind.kind())
                .withPlural(kind.resource()).withNamespaced(kind.namespaced()).build();
        JsonItemStore store = new JsonItemStore(client.getKubernetesSerialization(), kind.isSecret());
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(context)
                .inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0).itemStore(store);
        informer.start();
        LOG.infof("watching %s %s", kind.apiVersion(), kind.kind());
        return new Cache(kind, informer, store);
    }

    @Override
    public Optional<JsonNode> get(ObjectKey key) {
        Cache cache = caches.get(key(key.apiVersion(), key.kind()));
        if (cache == null) {
            return Optional.empty();
        }
        String storeKey = cache.kind().namespaced() ? key.namespace() + "/" + key.name() : key.name();
        return Optional.ofNullable(cache.store().json(storeKey));
    }

    /**
     * A cache miss of a synced cache is confirmed with the API server (see LiveReads): the object
     * may have been written a moment ago. A kind without a cache is not read live: its lookups
     * are answered by the caches the loaded policies asked for.
     */
    @Override
    public Lookup lookUp(ObjectKey key, boolean mayBlock) {
        Cache cache = caches.get(key(key.apiVersion(), key.kind()));
        if (cache == null) {
            return Lookup.of(Optional.empty());
        }
        String storeKey = cache.kind().namespaced() ? key.namespace() + "/" + key.name() : key.name();
        JsonNode cached = cache.store().json(storeKey);
        String liveKey = key(key.apiVersion(), key.kind()) + "/" + storeKey;
        if (cached != null || live.knownAbsent(liveKey)) {
            return Lookup.of(Optional.ofNullable(cached));
        }
        if (!mayBlock) {
            return Lookup.unconfirmedMiss();
        }
        try {
            return Lookup.of(live.read(cache.kind(), cache.kind().namespaced() ? key.namespace() : null, key.name(), liveKey));
        } catch (LiveReads.LiveReadFailed e) {
            return Lookup.failed(e.getMessage());
        }
    }

    /** Reads from the API server made to confirm cache misses, and how many of them failed. */
    public long liveReads() {
        return live.reads();
    }

    public long liveReadFailures() {
        return live.failures();
    }

    @Override
    public List<JsonNode> list(String apiVersion, String kind, String namespace) {
        Cache cache = caches.get(key(apiVersion, kind));
        if (cache == null) {
            return List.of();
        }
        return fromStore(cache, namespace);
    }

    private static List<JsonNode> fromStore(Cache cache, String namespace) {
        boolean all = namespace == null || namespace.isEmpty() || !cache.kind().namespaced();
        return (all ? cache.store().all() : cache.store().inNamespace(namespace)).toList();
    }

    /**
     * A cache still on its first listing holds part of its kind at most, so a list of that kind is
     * read from the API server until it has synced (see LiveReads).
     */
    @Override
    public Listing listUp(String apiVersion, String kind, String namespace, boolean mayBlock) {
        Cache cache = caches.get(key(apiVersion, kind));
        if (cache == null || cache.informer().hasSynced()) {
            return Listing.of(cache == null ? List.of() : fromStore(cache, namespace));
        }
        if (!mayBlock) {
            return Listing.unconfirmedList();
        }
        String scope = namespace == null || namespace.isEmpty() || !cache.kind().namespaced() ? null : namespace;
        try {
            return Listing.of(live.list(cache.kind(), scope, key(apiVersion, kind) + "/" + (scope == null ? "" : scope) + "/"));
        } catch (LiveReads.LiveReadFailed e) {
            return Listing.failed(e.getMessage());
        }
    }

    @Override
    public Optional<String> kindOf(String apiVersion, String resource) {
        for (Cache c : caches.values()) {
            if (c.kind().apiVersion().equals(apiVersion) && c.kind().resource().equals(resource)) {
                return Optional.of(c.kind().kind());
            }
        }
        return ResourceNames.builtInKind(resource);
    }

    @Override
    public boolean isNamespaced(String apiVersion, String kind) {
        Cache cache = caches.get(key(apiVersion, kind));
        return cache != null ? cache.kind().namespaced() : !CLUSTER_SCOPED.contains(kind);
    }

    /**
     * True once every cache started before has listed its kind, and from then on: a cache that a
     * reloaded policy starts later is answered by reads from the API server until it has synced
     * (see lookUp and listUp), so it neither takes readiness down nor makes other lookups fail, and
     * a kind the service account may not list fails only the policies that look it up.
     */
    @Override
    public boolean isSynced() {
        if (synced) {
            return true;
        }
        if (!caches.isEmpty() && caches.values().stream().allMatch(c -> c.informer().hasSynced())) {
            compactOnce();
            synced = true;
        }
        return synced;
    }

    /**
     * The first listing of a large cluster leaves the old generation full of what its pages and
     * parsing promoted; the collector would clear it with a full collection (100-200 ms with every
     * thread stopped) the first time the audit or a burst of reviews promotes more. Done once here,
     * before the server reports ready, no request waits for it.
     */
    private synchronized void compactOnce() {
        if (!compacted) { // a second caller waits here, so neither reports ready before the compaction
            long start = System.nanoTime();
            System.gc();
            compacted = true;
            LOG.infof("cluster caches synced: heap compacted in %d ms before the server reports ready",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    public boolean isWatching(String apiVersion, String kind) {
        return caches.containsKey(key(apiVersion, kind));
    }

    @Override
    public void close() {
        caches.values().forEach(c -> c.informer().close());
        caches.clear();
        live.close();
        if (ownLoops != null) {
            client.close();
            ownLoops.close();
        }
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }
}
