package dev.celador.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import dev.celador.view.ResourceNames;
import dev.celador.view.StaticClusterView;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The cluster as the API server has it now, read object by object with GET and LIST only (never
 * a watch, never a write): what `celador check --against-cluster` compares manifests with and
 * what its lookups see. Secrets come back without data and stringData, dropped as soon as they
 * are read, as the webhook's caches keep them, so no value read live can reach an output; and
 * without managedFields. Resource names and scopes come from the API server's discovery (CRDs
 * included), with the built-in table as the fallback where discovery does not answer.
 */
public final class LiveClusterView implements ClusterView, AutoCloseable {

    static final int TIMEOUT_MILLIS = 10_000;

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final Map<String, Map<String, APIResource>> discovered = new ConcurrentHashMap<>();
    private final StaticClusterView builtIn = StaticClusterView.empty();

    /** On a client the caller owns and closes. */
    public LiveClusterView(KubernetesClient client) {
        this(client, false);
    }

    private LiveClusterView(KubernetesClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /** The cluster of the kubeconfig (KUBECONFIG or ~/.kube/config, its current context), with short timeouts. */
    public static LiveClusterView fromKubeconfig() {
        Config config = new ConfigBuilder(Config.autoConfigure(null))
                .withRequestTimeout(TIMEOUT_MILLIS).withConnectionTimeout(TIMEOUT_MILLIS).withRequestRetryBackoffLimit(0).build();
        return new LiveClusterView(new KubernetesClientBuilder().withConfig(config).build(), true);
    }

    /** The namespace of the kubeconfig's context, for manifests that name none (as kubectl does). */
    public String defaultNamespace() {
        String namespace = client.getNamespace();
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }

    /** Where the reads go, for messages. */
    public String server() {
        return String.valueOf(client.getConfiguration().getMasterUrl());
    }

    @Override
    public Optional<JsonNode> get(ObjectKey key) {
        ResourceDefinitionContext context = context(key.apiVersion(), key.kind());
        try {
            GenericKubernetesResource found = context.isNamespaceScoped()
                    ? client.genericKubernetesResources(context).inNamespace(key.namespace()).withName(key.name()).get()
                    : client.genericKubernetesResources(context).withName(key.name()).get();
            return Optional.ofNullable(found).map(o -> kept(key.apiVersion(), key.kind(), o));
        } catch (KubernetesClientException e) {
            throw new LiveReadFailed("reading " + key.kind() + " " + (context.isNamespaceScoped() ? key.namespace() + "/" : "") + key.name()
                    + " from " + server() + " failed: " + reason(e));
        }
    }

    @Override
    public List<JsonNode> list(String apiVersion, String kind, String namespace) {
        ResourceDefinitionContext context = context(apiVersion, kind);
        try {
            List<GenericKubernetesResource> items = context.isNamespaceScoped() && namespace != null && !namespace.isEmpty()
                    ? client.genericKubernetesResources(context).inNamespace(namespace).list().getItems()
                    : client.genericKubernetesResources(context).inAnyNamespace().list().getItems();
            return items.stream().map(o -> kept(apiVersion, kind, o)).toList();
        } catch (KubernetesClientException e) {
            throw new LiveReadFailed("listing " + ResourceNames.resourceOf(kind) + " from " + server() + " failed: " + reason(e));
        }
    }

    /** How a listed Secret keeps its values: dropped with data and stringData (as the caches keep Secrets), or each masked, keys kept. */
    public enum SecretValues { DROPPED, MASKED }

    /**
     * Lists every object of a kind, all namespaces, in pages of pageSize (limit/continue), handing
     * each page over before the next is read, so what is held is one page. Each object carries its
     * apiVersion and kind. Secrets lose their values as they are read: dropped, or each replaced by
     * {@link #MASKED_VALUE} with its key kept (an audit judges which keys a Secret has), and the
     * last-applied-configuration annotation that would repeat them goes too. Throws LiveReadFailed.
     */
    public void listPages(String apiVersion, String kind, long pageSize, SecretValues secrets, Consumer<List<JsonNode>> page) {
        ResourceDefinitionContext context = context(apiVersion, kind);
        boolean secret = apiVersion.equals("v1") && kind.equals("Secret");
        String next = null;
        do {
            GenericKubernetesResourceList list;
            try {
                list = client.genericKubernetesResources(context).inAnyNamespace()
                        .list(new ListOptionsBuilder().withLimit(pageSize).withContinue(next).build());
            } catch (KubernetesClientException e) {
                throw new LiveReadFailed("listing " + context.getPlural() + " from " + server() + " failed: " + reason(e));
            }
            next = list.getMetadata() == null ? null : list.getMetadata().getContinue();
            List<JsonNode> objects = new ArrayList<>(list.getItems().size());
            for (GenericKubernetesResource o : list.getItems()) {
                JsonNode json = secret && secrets == SecretValues.MASKED
                        ? masked(JsonItemStore.kept(client.getKubernetesSerialization(), o, false))
                        : kept(apiVersion, kind, o);
                if (json instanceof ObjectNode node) {
                    node.put("apiVersion", apiVersion);
                    node.put("kind", kind);
                }
                objects.add(json);
            }
            page.accept(objects);
        } while (next != null && !next.isEmpty());
    }

    /** What stands for each value of a Secret listed with {@link SecretValues#MASKED}. */
    public static final String MASKED_VALUE = dev.celador.engine.MaskedSecret.MARKER;

    private static JsonNode masked(JsonNode secret) {
        if (secret instanceof ObjectNode o) {
            for (String field : List.of("data", "stringData")) {
                if (o.get(field) instanceof ObjectNode values) {
                    List<String> keys = new ArrayList<>();
                    values.fieldNames().forEachRemaining(keys::add);
                    keys.forEach(k -> values.put(k, MASKED_VALUE));
                }
            }
            if (o.path("metadata").path("annotations") instanceof ObjectNode annotations) {
                annotations.remove(JsonItemStore.LAST_APPLIED);
            }
        }
        return secret;
    }

    @Override
    public Optional<String> kindOf(String apiVersion, String resource) {
        Optional<String> known = discovery(apiVersion).values().stream()
                .filter(r -> r.getName().equals(resource)).map(APIResource::getKind).findFirst();
        return known.isPresent() ? known : builtIn.kindOf(apiVersion, resource);
    }

    @Override
    public boolean isNamespaced(String apiVersion, String kind) {
        APIResource r = discovery(apiVersion).get(kind);
        return r != null ? Boolean.TRUE.equals(r.getNamespaced()) : builtIn.isNamespaced(apiVersion, kind);
    }

    private ResourceDefinitionContext context(String apiVersion, String kind) {
        APIResource r = discovery(apiVersion).get(kind);
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder()
                .withGroup(slash < 0 ? "" : apiVersion.substring(0, slash)).withVersion(apiVersion.substring(slash + 1))
                .withKind(kind).withPlural(r != null ? r.getName() : ResourceNames.resourceOf(kind))
                .withNamespaced(r != null ? Boolean.TRUE.equals(r.getNamespaced()) : builtIn.isNamespaced(apiVersion, kind)).build();
    }

    /** The resources of one group version by kind (subresources left out); empty where discovery does not answer. */
    private Map<String, APIResource> discovery(String apiVersion) {
        return discovered.computeIfAbsent(apiVersion, v -> {
            Map<String, APIResource> byKind = new ConcurrentHashMap<>();
            try {
                APIResourceList list = client.getApiResources(v);
                if (list != null && list.getResources() != null) {
                    list.getResources().stream().filter(r -> !r.getName().contains("/")).forEach(r -> byKind.putIfAbsent(r.getKind(), r));
                }
            } catch (KubernetesClientException e) {
                // No discovery (an old or mock server): the built-in table decides names and scopes.
            }
            return byKind;
        });
    }

    private JsonNode kept(String apiVersion, String kind, GenericKubernetesResource o) {
        return JsonItemStore.kept(client.getKubernetesSerialization(), o, apiVersion.equals("v1") && kind.equals("Secret"));
    }

    /** The status line of a failed call, never its body (which could echo an object). */
    private static String reason(KubernetesClientException e) {
        return e.getCode() > 0 ? "HTTP " + e.getCode() + (e.getStatus() != null && e.getStatus().getReason() != null
                ? " " + e.getStatus().getReason() : "") : String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** The API server could not be read: the check cannot say what would happen. */
    public static final class LiveReadFailed extends RuntimeException {
        LiveReadFailed(String message) {
            super(message, null, false, false);
        }
    }
}
