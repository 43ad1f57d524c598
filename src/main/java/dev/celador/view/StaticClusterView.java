package dev.celador.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A ClusterView over a fixed set of objects (from YAML files), for the CLI, tests and a webhook
 * run without a cluster. A namespaced object written without a namespace is in "default", as
 * kubectl would create it.
 */
public final class StaticClusterView implements ClusterView {

    /** Built-in cluster-scoped kinds; any other kind is namespaced unless its objects say otherwise. */
    private static final Set<String> CLUSTER_SCOPED_KINDS = Set.of(
            "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PriorityClass", "IngressClass", "CSIDriver", "CSINode", "VolumeAttachment",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding", "APIService", "RuntimeClass");

    private final Map<ObjectKey, JsonNode> byKey = new HashMap<>();
    private final Map<String, List<JsonNode>> byKind = new HashMap<>();
    private final Set<String> kindsSeenWithoutNamespace = new java.util.HashSet<>();
    private final Set<String> kindsSeenWithNamespace = new java.util.HashSet<>();

    public StaticClusterView(Collection<JsonNode> objects) {
        for (JsonNode o : objects) {
            String apiVersion = o.path("apiVersion").asText("");
            String kind = o.path("kind").asText("");
            String name = o.path("metadata").path("name").asText("");
            if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
                continue;
            }
            String ns = o.path("metadata").path("namespace").asText("");
            (ns.isEmpty() ? kindsSeenWithoutNamespace : kindsSeenWithNamespace).add(kindKey(apiVersion, kind));
        }
        for (JsonNode o : objects) {
            String apiVersion = o.path("apiVersion").asText("");
            String kind = o.path("kind").asText("");
            String name = o.path("metadata").path("name").asText("");
            if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
                continue;
            }
            String ns = o.path("metadata").path("namespace").asText("");
            if (ns.isEmpty() && isNamespaced(apiVersion, kind)) {
                ns = "default";
            }
            ObjectKey key = ObjectKey.of(apiVersion, kind, isNamespaced(apiVersion, kind) ? ns : null, name);
            if (byKey.put(key, o) == null) {
                byKind.computeIfAbsent(kindKey(apiVersion, kind), k -> new ArrayList<>()).add(o);
            } else {
                List<JsonNode> list = byKind.get(kindKey(apiVersion, kind));
                list.removeIf(existing -> sameObject(existing, key));
                list.add(o);
            }
        }
    }

    public static StaticClusterView empty() {
        return new StaticClusterView(List.of());
    }

    @Override
    public Optional<JsonNode> get(ObjectKey key) {
        ObjectKey normalized = ObjectKey.of(key.apiVersion(), key.kind(),
                isNamespaced(key.apiVersion(), key.kind()) ? key.namespace() : null, key.name());
        return Optional.ofNullable(byKey.get(normalized));
    }

    @Override
    public List<JsonNode> list(String apiVersion, String kind, String namespace) {
        List<JsonNode> all = byKind.getOrDefault(kindKey(apiVersion, kind), List.of());
        if (namespace == null || namespace.isEmpty() || !isNamespaced(apiVersion, kind)) {
            return List.copyOf(all);
        }
        return all.stream().filter(o -> namespace.equals(namespaceOf(o))).toList();
    }

    @Override
    public Optional<String> kindOf(String apiVersion, String resource) {
        Optional<String> builtIn = ResourceNames.builtInKind(resource);
        if (builtIn.isPresent()) {
            return builtIn;
        }
        return byKind.keySet().stream()
                .filter(k -> k.startsWith(apiVersion + "/"))
                .map(k -> k.substring(apiVersion.length() + 1))
                .filter(kind -> ResourceNames.resourceOf(kind).equals(resource))
                .findFirst();
    }

    @Override
    public boolean isNamespaced(String apiVersion, String kind) {
        if (CLUSTER_SCOPED_KINDS.contains(kind)) {
            return false;
        }
        String k = kindKey(apiVersion, kind);
        return !(kindsSeenWithoutNamespace.contains(k) && !kindsSeenWithNamespace.contains(k) && !isCoreNamespaced(apiVersion));
    }

    /** Core and well-known group objects are namespaced unless listed above. */
    private static boolean isCoreNamespaced(String apiVersion) {
        return apiVersion.equals("v1") || apiVersion.startsWith("apps/") || apiVersion.startsWith("batch/")
                || apiVersion.startsWith("networking.k8s.io/") || apiVersion.startsWith("policy/");
    }

    private static String namespaceOf(JsonNode o) {
        String ns = o.path("metadata").path("namespace").asText("");
        return ns.isEmpty() ? "default" : ns;
    }

    private boolean sameObject(JsonNode o, ObjectKey key) {
        return key.name().equals(o.path("metadata").path("name").asText())
                && (key.namespace() == null || key.namespace().equals(namespaceOf(o)));
    }

    private static String kindKey(String apiVersion, String kind) {
        return apiVersion + "/" + kind;
    }
}
