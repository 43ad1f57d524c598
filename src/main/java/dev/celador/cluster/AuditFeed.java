package dev.celador.cluster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** How long one page may take to arrive (the API server's own list timeout is a minute). */
    static final long LIST_TIMEOUT_SECONDS = 120;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<WatchedKind, Watch> watches = new ConcurrentHashMap<>();

    public AuditFeed(KubernetesClient client, long pageSize) {
        this.client = client;
        this.pageSize = pageSize;
    }

    /**
     * Lists the kind in pages, handing over each object as it is parsed and telling when a page
     * ends, before the next is asked for; returns the list's resourceVersion. One object's tree
     * is live at a time: a page's trees all live while the page was judged survived young
     * collections, were copied, promoted and filled the old generation during a pass.
     */
    public String list(WatchedKind kind, Consumer<JsonNode> object, Runnable pageEnd) {
        String next = null;
        String resourceVersion;
        do {
            PageEnd read = pageRetried(kind, next, object);
            pageEnd.run();
            resourceVersion = read.resourceVersion();
            next = read.next();
        } while (next != null && !next.isEmpty());
        return resourceVersion;
    }

    private record PageEnd(String resourceVersion, String next) {
    }

    /** Attempts at a page that failed without an answer (a pooled connection closed under it). */
    static final int PAGE_ATTEMPTS = 3;

    /**
     * A page again when the connection failed before the API server answered (no status code); an
     * answer such as 403 or 410 is final. Objects handed over before a failure are handed over
     * again: judging an object twice gives the same results.
     */
    private PageEnd pageRetried(WatchedKind kind, String continueToken, Consumer<JsonNode> object) {
        for (int attempt = 1; ; attempt++) {
            try {
                return page(kind, continueToken, object);
            } catch (KubernetesClientException e) {
                if (e.getCode() > 0 || attempt == PAGE_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("listing %s: %s; asking again", kind.resource(), e.getMessage());
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * One page, parsed on the calling thread (the audit's, at the lowest priority) as its bytes
     * arrive: the client's own list call would parse it on an event loop, into fabric8's objects
     * and then again into trees.
     */
    private PageEnd page(WatchedKind kind, String continueToken, Consumer<JsonNode> object) {
        String url = listUrl(kind) + "?limit=" + pageSize
                + (continueToken == null ? "" : "&continue=" + URLEncoder.encode(continueToken, StandardCharsets.UTF_8));
        HttpClient http = client.getHttpClient();
        HttpResponse<InputStream> response;
        try {
            response = http.sendAsync(http.newHttpRequestBuilder().uri(url).header("Accept", "application/json").build(), InputStream.class)
                    .get(LIST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("listing " + kind.resource() + " was interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KubernetesClientException("listing " + kind.resource() + " failed: " + e.getMessage(), e);
        }
        try (InputStream body = response.body()) {
            if (!response.isSuccessful()) {
                throw new KubernetesClientException("listing " + kind.resource() + " failed: HTTP " + response.code(), response.code(), null);
            }
            return parse(body, kind, object);
        } catch (IOException e) {
            throw new KubernetesClientException("listing " + kind.resource() + " failed: " + e.getMessage(), e);
        }
    }

    private PageEnd parse(InputStream body, WatchedKind kind, Consumer<JsonNode> object) throws IOException {
        String resourceVersion = null;
        String next = null;
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a list is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("items") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        ObjectNode item = parser.readValueAsTree();
                        // items of a list carry no apiVersion and kind; the engine needs both
                        item.put("apiVersion", kind.apiVersion());
                        item.put("kind", kind.kind());
                        object.accept(item);
                    }
                } else if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
                    JsonNode metadata = parser.readValueAsTree();
                    resourceVersion = metadata.path("resourceVersion").textValue();
                    next = metadata.path("continue").textValue();
                } else {
                    parser.skipChildren();
                }
            }
            // read to the end before the parser closes the body: a body closed early closes its connection
            body.transferTo(OutputStream.nullOutputStream());
        }
        return new PageEnd(resourceVersion, next);
    }

    private String listUrl(WatchedKind kind) {
        String base = client.getMasterUrl().toString();
        base = base.endsWith("/") ? base : base + "/";
        return base + (kind.group().isEmpty() ? "api/" + kind.version() : "apis/" + kind.group() + "/" + kind.version()) + "/" + kind.resource();
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
        ObjectNode node = json.valueToTree(resource);
        node.put("apiVersion", kind.apiVersion());
        node.put("kind", kind.kind());
        return node;
    }

    static ResourceDefinitionContext context(WatchedKind kind) {
        return new ResourceDefinitionContext.Builder().withGroup(kind.group()).withVersion(kind.version()).withKind(kind.kind())
                .withPlural(kind.resource()).withNamespaced(kind.namespaced()).build();
    }
}
