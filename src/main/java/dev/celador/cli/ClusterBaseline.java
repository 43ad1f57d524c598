package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.cluster.LiveClusterView;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import dev.celador.view.StaticClusterView;
import dev.celador.engine.validate.PolicyResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What `celador check --against-cluster` compares each manifest with: the object the cluster holds
 * under the same kind, namespace and name. Found, the manifest is judged as an UPDATE of it (so the
 * rules on what an update may change apply, as they will at the sync); absent, as a CREATE. The
 * cluster is the kubeconfig's, read live with GET and LIST only, or, when `--cluster-state` files
 * are given, those files, offline. A `--operation DELETE` keeps DELETE and takes the cluster's
 * object as the one deleted.
 */
final class ClusterBaseline implements AutoCloseable {

    /** A manifest as it will be judged: the object (namespace filled in), the cluster's version and the request. */
    record Judged(JsonNode object, JsonNode old, OfflineAdmission.Requester requester, String note) {
    }

    private final LiveClusterView live;
    private ClusterView cluster;

    private ClusterBaseline(LiveClusterView live) {
        this.live = live;
        this.cluster = live;
    }

    /** Live through the kubeconfig when no state files are given; else the files, once read ({@link #offline}). */
    static ClusterBaseline open(boolean offline) {
        return new ClusterBaseline(offline ? null : LiveClusterView.fromKubeconfig());
    }

    /** For tests: live on a given view. */
    static ClusterBaseline live(LiveClusterView view) {
        return new ClusterBaseline(view);
    }

    /** The view the policies' lookups see besides the checked resources: the live cluster, or none (the state files already are). */
    ClusterView lookups() {
        return live;
    }

    /** Offline: the `--cluster-state` objects stand for the cluster. */
    private void offline(List<JsonNode> state) {
        if (live == null) {
            cluster = new StaticClusterView(state);
        }
    }

    String describe() {
        return live != null ? "the cluster at " + live.server() : "the objects of --cluster-state";
    }

    /**
     * Checks every loaded resource against its version in the cluster, adding the results to
     * checked and saying on err what each was judged against; false when some resource could not
     * be read (it is left out, and the failed read printed).
     */
    boolean checkAll(AdmissionInput.Loaded loaded, PrintStream err, List<Map.Entry<JsonNode, List<PolicyResult>>> checked) {
        offline(loaded.state());
        boolean allRead = true;
        for (JsonNode object : loaded.objects()) {
            try {
                Judged judged = judge(object, loaded.requester());
                err.println("celador check: " + judged.note());
                checked.add(Map.entry(judged.object(), loaded.admission().check(judged.object(), judged.old(), judged.requester()).results()));
            } catch (LiveClusterView.LiveReadFailed e) {
                err.println("celador check: --against-cluster: " + e.getMessage());
                allRead = false;
            }
        }
        return allRead;
    }

    /** Throws LiveClusterView.LiveReadFailed when the cluster cannot be read. */
    Judged judge(JsonNode object, OfflineAdmission.Requester requester) {
        JsonNode manifest = withNamespace(object);
        ObjectKey key = ObjectKey.of(manifest.path("apiVersion").asText(), manifest.path("kind").asText(),
                manifest.path("metadata").path("namespace").asText(null), manifest.path("metadata").path("name").asText(""));
        Optional<JsonNode> current = key.name().isEmpty() ? Optional.empty() : cluster.get(key);
        String what = key.kind() + " " + (key.namespace() == null ? "" : key.namespace() + "/") + key.name();
        String operation = requester.operation().equals("DELETE") ? "DELETE" : current.isPresent() ? "UPDATE" : "CREATE";
        String note = current.map(c -> what + ": judged as " + operation + " of the version in " + describe()
                        + (c.path("metadata").has("resourceVersion") ? " (resourceVersion " + c.path("metadata").path("resourceVersion").asText() + ")" : ""))
                .orElse(what + ": not in " + describe() + ", judged as " + operation);
        return new Judged(manifest, current.orElse(null), new OfflineAdmission.Requester(operation, requester.user(), requester.groups()), note);
    }

    /** A manifest without a namespace goes where kubectl would put it: the context's namespace (live) or default. */
    private JsonNode withNamespace(JsonNode object) {
        String kind = object.path("kind").asText();
        String apiVersion = object.path("apiVersion").asText();
        if (object.path("metadata").hasNonNull("namespace") || !cluster.isNamespaced(apiVersion, kind) || !(object instanceof ObjectNode)) {
            return object;
        }
        ObjectNode copy = object.deepCopy();
        copy.with("metadata").put("namespace", live != null ? live.defaultNamespace() : "default");
        return copy;
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
    }
}
