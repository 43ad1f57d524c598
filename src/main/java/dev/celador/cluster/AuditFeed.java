package dev.celador.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The background audit's reads of the kinds it judges: a paged LIST (limit/continue) whose pages
 * are handed over one at a time, and a watch from the list's resourceVersion whose events are
 * handed over as they come. Nothing is cached: an object is held only until it is judged.
 */
public final class AuditFeed implements AutoCloseable {

    /** Where watch events go: an object added or changed, or deleted. */
    public interface Events {
        void changed(JsonNode object);

        void deleted(JsonNode object);

        /** The watch of this kind ended (expired resourceVersion, connection lost): a full pass will restart it. */
        void lost(WatchedKind kind);
    }

    private static final Logger LOG = Logger.getLogger(AuditFeed.class);

    private final KubernetesClient client;
    private final long pageSize;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<WatchedKind, Watch> watches = new ConcurrentHashMap<>();

    public AuditFeed(KubernetesClient client, long pageSize) {
        this.client = client;
        this.pageSize = pageSize;
    }

    /** Lists the kind in pages, handing each page's objects over before reading the next; returns the list's resourceVersion. */
    public String list(WatchedKind kind, Consumer<List<JsonNode>> page) {
        String next = null;
        String resourceVersion;
        do {
            GenericKubernetesResourceList list = client.genericKubernetesResources(context(kind)).inAnyNamespace()
                    .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(next).build());
            resourceVersion = list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
            next = list.getMetadata() == null ? null : list.getMetadata().getContinue();
            List<GenericKubernetesResource> items = list.getItems();
            page.accept(items.stream().map(i -> withKind(i, kind)).toList());
        } while (next != null && !next.isEmpty());
        return resourceVersion;
    }

    /** Watches the kind from resourceVersion (a watch already running for it is kept). */
    public void watch(WatchedKind kind, String resourceVersion, Events events) {
        watches.computeIfAbsent(kind, k -> client.genericKubernetesResources(context(k)).inAnyNamespace()
                .watch(new ListOptionsBuilder().withResourceVersion(resourceVersion).withAllowWatchBookmarks(false).build(),
                        new Watcher<GenericKubernetesResource>() {
                            @Override
                            public void eventReceived(Action action, GenericKubernetesResource resource) {
                                switch (action) {
                                    case ADDED, MODIFIED -> events.changed(withKind(resource, k));
                                    case DELETED -> events.deleted(withKind(resource, k));
                                    default -> { }
                                }
                            }

                            @Override
                            public void onClose(WatcherException cause) {
                                watches.remove(k);
                                LOG.infof("audit watch of %s %s ended (%s): the next full pass restarts it", k.apiVersion(), k.kind(),
                                        cause.getMessage());
                                events.lost(k);
                            }
                        }));
    }

    public boolean isWatching(WatchedKind kind) {
        return watches.containsKey(kind);
    }

    /** Stops the watches of kinds no longer audited. */
    public void retainWatches(java.util.Set<WatchedKind> kinds) {
        for (WatchedKind k : List.copyOf(watches.keySet())) {
            if (!kinds.contains(k)) {
                Watch w = watches.remove(k);
                if (w != null) {
                    w.close();
                }
            }
        }
    }

    @Override
    public void close() {
        watches.values().forEach(Watch::close);
        watches.clear();
    }

    /** Items of a list carry no apiVersion and kind; the engine needs both. */
    private JsonNode withKind(GenericKubernetesResource resource, WatchedKind kind) {
        com.fasterxml.jackson.databind.node.ObjectNode node = json.valueToTree(resource);
        node.put("apiVersion", kind.apiVersion());
        node.put("kind", kind.kind());
        return node;
    }

    static ResourceDefinitionContext context(WatchedKind kind) {
        return new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version()).withKind(kind.kind())
                .withPlural(kind.resource()).withNamespaced(kind.namespaced()).build();
    }
}
