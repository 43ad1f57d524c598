package dev.celador.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Writes the audit's report objects: creates or replaces a report only when its content differs
 * from what this writer last wrote, and deletes the report of a scope left without results.
 * Counts writes, so a pass that changed nothing is seen to write nothing.
 */
public final class ReportWriter {

    private static final Logger LOG = Logger.getLogger(ReportWriter.class);

    private final KubernetesClient client;
    private final Map<String, String> written = new ConcurrentHashMap<>();
    private long writes;
    private long bytes;

    public ReportWriter(KubernetesClient client) {
        this.client = client;
    }

    /** Writes one report (kind and apiVersion as rendered) unless the same content is already written. */
    public void write(ObjectNode report, String resource) {
        String key = key(report);
        String content = report.toString();
        if (content.equals(written.get(key))) {
            return;
        }
        GenericKubernetesResource object = client.getKubernetesSerialization().unmarshal(content, GenericKubernetesResource.class);
        try {
            var op = client.genericKubernetesResources(context(report, resource));
            String ns = report.path("metadata").path("namespace").asText("");
            (ns.isEmpty() ? op.resource(object) : op.inNamespace(ns).resource(object))
                    .createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
            written.put(key, content);
            writes++;
            bytes += content.length();
        } catch (KubernetesClientException e) {
            written.remove(key);
            LOG.warnf("cannot write %s %s: %s", report.path("kind").asText(), key, e.getMessage());
        }
    }

    /** Deletes a report (rendered only for its kind, name and namespace), if this writer wrote one or one exists. */
    public void delete(ObjectNode report, String resource) {
        String key = key(report);
        written.remove(key);
        try {
            var op = client.genericKubernetesResources(context(report, resource));
            String ns = report.path("metadata").path("namespace").asText("");
            String name = report.path("metadata").path("name").asText();
            (ns.isEmpty() ? op.withName(name) : op.inNamespace(ns).withName(name)).delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot delete %s %s: %s", report.path("kind").asText(), key, e.getMessage());
        }
    }

    /** Forgets what was written, so the next write of each report goes to the API server (a new leader's first pass). */
    public void forget() {
        written.clear();
    }

    public synchronized long writes() {
        return writes;
    }

    public long bytesWritten() {
        return bytes;
    }

    private static String key(JsonNode report) {
        return report.path("apiVersion").asText() + "/" + report.path("kind").asText() + "/"
                + report.path("metadata").path("namespace").asText("") + "/" + report.path("metadata").path("name").asText();
    }

    private static ResourceDefinitionContext context(JsonNode report, String resource) {
        String apiVersion = report.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return new ResourceDefinitionContext.Builder().withGroup(apiVersion.substring(0, slash)).withVersion(apiVersion.substring(slash + 1))
                .withKind(report.path("kind").asText()).withPlural(resource)
                .withNamespaced(!report.path("metadata").path("namespace").asText("").isEmpty()).build();
    }
}
