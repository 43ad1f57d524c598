package dev.celador.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The informer's store, holding each object once as compact JSON bytes, indexed by
 * namespace/name and by namespace so lookups never scan. Secret values are dropped before
 * anything is kept, and managedFields (large, never useful to a policy) too.
 *
 * <p>Bytes, not Jackson trees: a tree costs about eight times its JSON on the heap (a map entry,
 * a node and a String per field), so 100,000 looked-up objects took more than the Deployment's
 * 512 MiB; as bytes they take about their JSON size, and the collector has a few large arrays to
 * step over instead of millions of small objects. A get parses its one object (microseconds for a
 * Service). Lists of one namespace are kept parsed for the namespaces asked for last, within a
 * budget of objects, and parsed again after a change in that namespace.
 */
final class JsonItemStore implements ItemStore<GenericKubernetesResource> {

    /**
     * Objects kept parsed in lists, all lists together. Small on purpose: the audit sweeps the
     * namespaces one by one, and lists kept for long survive young collections and are promoted
     * (a budget of eight 250-object lists promoted 100 MB of trees in a pass over 100 namespaces);
     * a handful of namespaces' lists is what the webhook's requests reuse.
     */
    static final int PARSED_OBJECTS = 512;
    private static final String ALL = "\u0000all";
    private static final ObjectMapper JSON = dev.celador.json.CompactNodeFactory.mapper(new ObjectMapper());

    private final KubernetesSerialization serialization;
    private final boolean stripSecretValues;
    private final Map<String, byte[]> byKey = new ConcurrentHashMap<>();
    private final Map<String, Namespace> byNamespace = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final LinkedHashMap<String, Parsed> parsed = new LinkedHashMap<>(16, 0.75f, true);
    private int parsedObjects;

    /** One namespace's objects and a count of its changes, so a parsed list knows when it is stale. */
    private static final class Namespace {
        final Map<String, byte[]> items = new ConcurrentHashMap<>();
        final AtomicLong version = new AtomicLong();
    }

    private record Parsed(long version, List<JsonNode> nodes) {
    }

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
        byte[] bytes = bytes(json);
        byte[] old = byKey.put(key, bytes);
        Namespace ns = byNamespace.computeIfAbsent(namespaceOf(key), k -> new Namespace());
        ns.items.put(key, bytes);
        ns.version.incrementAndGet();
        changes.incrementAndGet();
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
        byte[] old = byKey.remove(key);
        if (old != null) {
            Namespace ns = byNamespace.get(namespaceOf(key));
            if (ns != null) {
                ns.items.remove(key);
                ns.version.incrementAndGet();
            }
            changes.incrementAndGet();
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

    /** The object under key as a tree of its own (callers may not share it), or null. */
    JsonNode json(String key) {
        byte[] bytes = byKey.get(key);
        return bytes == null ? null : parse(bytes);
    }

    Stream<JsonNode> all() {
        return parsedList(ALL, changes::get, byKey).stream();
    }

    Stream<JsonNode> inNamespace(String namespace) {
        Namespace ns = byNamespace.get(namespace);
        return ns == null ? Stream.empty() : parsedList(namespace, ns.version::get, ns.items).stream();
    }

    /**
     * The objects parsed, from the kept list when nothing changed since it was parsed. The version
     * is read before the objects: a change during the parse leaves a list marked older than the
     * store, parsed again at the next call.
     */
    private List<JsonNode> parsedList(String name, java.util.function.LongSupplier version, Map<String, byte[]> items) {
        long v = version.getAsLong();
        Parsed kept;
        synchronized (parsed) {
            kept = parsed.get(name);
        }
        if (kept != null && kept.version() == v) {
            return kept.nodes();
        }
        List<JsonNode> nodes = new ArrayList<>(items.size());
        items.values().forEach(b -> nodes.add(parse(b)));
        List<JsonNode> list = java.util.Collections.unmodifiableList(nodes);
        if (list.size() <= PARSED_OBJECTS) {
            synchronized (parsed) {
                Parsed replaced = parsed.put(name, new Parsed(v, list));
                parsedObjects += list.size() - (replaced == null ? 0 : replaced.nodes().size());
                var eldest = parsed.entrySet().iterator();
                while (parsedObjects > PARSED_OBJECTS && eldest.hasNext()) {
                    parsedObjects -= eldest.next().getValue().nodes().size();
                    eldest.remove();
                }
            }
        }
        return list;
    }

    /**
     * What fabric8 reads back from the store: only to find keys and resource versions (which
     * objects a new listing no longer holds, whether a watch event changed anything) and for the
     * notifications of event handlers, of which Celador registers none. So it gets each object's
     * identity alone (apiVersion, kind, metadata without labels and annotations): after a listing
     * fabric8 reads every value back at once, and whole objects made 25,000 StatefulSets take 250
     * MB for a moment, past the heap. Lookups read {@link #json}.
     */
    private GenericKubernetesResource toResource(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        JsonNode json = parse(bytes);
        GenericKubernetesResource identity = new GenericKubernetesResource();
        identity.setApiVersion(json.path("apiVersion").textValue());
        identity.setKind(json.path("kind").textValue());
        io.fabric8.kubernetes.api.model.ObjectMeta metadata = new io.fabric8.kubernetes.api.model.ObjectMeta();
        JsonNode m = json.path("metadata");
        metadata.setName(m.path("name").textValue());
        metadata.setNamespace(m.path("namespace").textValue());
        metadata.setUid(m.path("uid").textValue());
        metadata.setResourceVersion(m.path("resourceVersion").textValue());
        identity.setMetadata(metadata);
        return identity;
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cached object could not be written as JSON", e);
        }
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("a cached object could not be read back", e); // written by this class: cannot happen
        }
    }

    /** The namespace part of an informer key (namespace/name; a cluster-scoped object's key is its name). */
    private static String namespaceOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }
}
