package dev.celador.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads an object from the API server when a cache does not hold it: an object written a moment
 * ago (a Service applied just before its StatefulSet, in one `kubectl apply`) may not have reached
 * the informer yet, and a lookup must see what the API server has. Each read has a short timeout;
 * concurrent misses of one key share one read, and an absence is remembered for a moment, so a
 * burst of misses costs one GET, not a storm. A kind whose cache has not finished its first
 * listing is listed from the API server the same way (concurrent lists of one scope share a read).
 */
final class LiveReads implements AutoCloseable {

    /** How long an object's absence is taken as known. */
    static final long ABSENT_FOR_MILLIS = 1_000;
    /** At most this many absences are remembered; past it the memory starts afresh. */
    static final int MAX_ABSENT = 4_096;
    static final int TIMEOUT_MILLIS = 2_000;

    private final KubernetesClient client;
    private final Map<String, Long> absentUntil = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Optional<JsonNode>>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<List<JsonNode>>> listsInFlight = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    LiveReads(KubernetesClient informers) {
        Config config = new ConfigBuilder(informers.getConfiguration())
                .withRequestTimeout(TIMEOUT_MILLIS).withConnectionTimeout(TIMEOUT_MILLIS).withRequestRetryBackoffLimit(0).build();
        this.client = new KubernetesClientBuilder().withConfig(config).build();
    }

    /** True when the key was read and found absent a moment ago: no read needed to know. */
    boolean knownAbsent(String key) {
        Long until = absentUntil.get(key);
        if (until == null) {
            return false;
        }
        if (System.nanoTime() - until < 0) {
            return true;
        }
        absentUntil.remove(key, until);
        return false;
    }

    /** The object as the API server has it now (or none); throws LiveReadFailed when the read fails. */
    Optional<JsonNode> read(WatchedKind kind, String namespace, String name, String key) {
        CompletableFuture<Optional<JsonNode>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<JsonNode>> shared = inFlight.putIfAbsent(key, mine);
        if (shared != null) {
            return joined(shared);
        }
        try {
            Optional<JsonNode> found = get(kind, namespace, name);
            if (found.isEmpty()) {
                if (absentUntil.size() >= MAX_ABSENT) {
                    absentUntil.clear();
                }
                absentUntil.put(key, System.nanoTime() + ABSENT_FOR_MILLIS * 1_000_000);
            }
            mine.complete(found);
            return found;
        } catch (RuntimeException e) {
            throw failed(mine, "reading " + kind.resource() + " " + (namespace == null ? "" : namespace + "/") + name, e);
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * The objects of a kind (in one namespace, or all when namespace is null) as the API server has
     * them now; concurrent lists of one scope share one read. Throws LiveReadFailed when it fails.
     */
    List<JsonNode> list(WatchedKind kind, String namespace, String key) {
        CompletableFuture<List<JsonNode>> mine = new CompletableFuture<>();
        CompletableFuture<List<JsonNode>> shared = listsInFlight.putIfAbsent(key, mine);
        if (shared != null) {
            return joined(shared);
        }
        try {
            reads.incrementAndGet();
            var resources = namespace == null
                    ? resources(kind).inAnyNamespace().list()
                    : resources(kind).inNamespace(namespace).list();
            List<JsonNode> items = new ArrayList<>(resources.getItems().size());
            for (GenericKubernetesResource o : resources.getItems()) {
                items.add(JsonItemStore.kept(client.getKubernetesSerialization(), o, kind.isSecret()));
            }
            mine.complete(items);
            return items;
        } catch (RuntimeException e) {
            throw failed(mine, "listing " + kind.resource() + (namespace == null ? "" : " in " + namespace), e);
        } finally {
            listsInFlight.remove(key, mine);
        }
    }

    private LiveReadFailed failed(CompletableFuture<?> mine, String what, RuntimeException e) {
        failures.incrementAndGet();
        LiveReadFailed failed = new LiveReadFailed(what + " from the API server failed: " + e.getMessage());
        mine.completeExceptionally(failed);
        return failed;
    }

    private static <T> T joined(CompletableFuture<T> shared) {
        try {
            return shared.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof LiveReadFailed f ? f : new LiveReadFailed(String.valueOf(e.getCause()));
        }
    }

    private Optional<JsonNode> get(WatchedKind kind, String namespace, String name) {
        reads.incrementAndGet();
        GenericKubernetesResource found = kind.namespaced()
                ? resources(kind).inNamespace(namespace).withName(name).get()
                : resources(kind).withName(name).get();
        return Optional.ofNullable(found).map(o -> JsonItemStore.kept(client.getKubernetesSerialization(), o, kind.isSecret()));
    }

    private io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource, io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> resources(WatchedKind kind) {
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder()
                .withGroup(kind.group()).withVersion(kind.version()).withKind(kind.kind())
                .withPlural(kind.resource()).withNamespaced(kind.namespaced()).build();
        return client.genericKubernetesResources(context);
    }

    long reads() {
        return reads.get();
    }

    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        client.close();
    }

    /** A read from the API server that did not answer: the lookup is an evaluation error. */
    static final class LiveReadFailed extends RuntimeException {
        LiveReadFailed(String message) {
            super(message, null, false, false);
        }
    }
}
