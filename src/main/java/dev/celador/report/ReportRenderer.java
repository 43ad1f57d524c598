package dev.celador.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns one scope's results into the report object the audit writes: an OpenReports
 * (openreports.io/v1alpha1) Report per namespace and ClusterReport for cluster-scoped objects, or
 * the same content as a wgpolicyk8s.io/v1alpha2 PolicyReport / ClusterPolicyReport for tools that
 * read that older API. One report per namespace and source, named {@value #NAME}.
 *
 * <p>A report stays small whatever the inventory: it lists only fail, warn and error results
 * (stated in configuration.limits.statusFilter) and counts passes and skips in the summary; it
 * lists at most maxResults results and about maxBytes of them (etcd refuses objects over 1.5 MiB,
 * and large reports are what fills it), cutting each message at {@value #MAX_MESSAGE} characters.
 * What the cap left out is counted in the annotation {@value #OMITTED}.
 */
public final class ReportRenderer {

    public static final String SOURCE = "celador";
    public static final String NAME = "celador-audit";
    public static final String OMITTED = "reports.celador.dev/omitted-results";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final int MAX_MESSAGE = 1024;

    /** The report APIs the audit can write. */
    public enum Api {
        OPENREPORTS("openreports.io/v1alpha1", "Report", "ClusterReport", "reports", "clusterreports"),
        WGPOLICY("wgpolicyk8s.io/v1alpha2", "PolicyReport", "ClusterPolicyReport", "policyreports", "clusterpolicyreports");

        public final String apiVersion;
        public final String namespacedKind;
        public final String clusterKind;
        public final String namespacedResource;
        public final String clusterResource;

        Api(String apiVersion, String namespacedKind, String clusterKind, String namespacedResource, String clusterResource) {
            this.apiVersion = apiVersion;
            this.namespacedKind = namespacedKind;
            this.clusterKind = clusterKind;
            this.namespacedResource = namespacedResource;
            this.clusterResource = clusterResource;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxResults;
    private final int maxBytes;

    public ReportRenderer(int maxResults, int maxBytes) {
        if (maxResults < 1 || maxBytes < 1024) {
            throw new IllegalArgumentException("a report must hold at least one result and 1 KiB");
        }
        this.maxResults = maxResults;
        this.maxBytes = maxBytes;
    }

    public static ReportRenderer defaults() {
        return new ReportRenderer(500, 1024 * 1024);
    }

    public int maxResults() {
        return maxResults;
    }

    public ObjectNode render(NamespaceResults results, Api api) {
        boolean cluster = results.namespace().isEmpty();
        ObjectNode report = JSON.createObjectNode();
        report.put("apiVersion", api.apiVersion);
        report.put("kind", cluster ? api.clusterKind : api.namespacedKind);
        ObjectNode metadata = report.putObject("metadata");
        metadata.put("name", NAME);
        if (!cluster) {
            metadata.put("namespace", results.namespace());
        }
        metadata.putObject("labels").put(MANAGED_BY, SOURCE);
        if (api == Api.OPENREPORTS) {
            report.put("source", SOURCE);
            ObjectNode limits = report.putObject("configuration").putObject("limits");
            limits.put("maxResults", maxResults);
            limits.putArray("statusFilter").add("fail").add("warn").add("error");
        }
        NamespaceResults.Summary s = results.summary();
        report.putObject("summary").put("pass", s.pass()).put("fail", s.fail()).put("warn", s.warn()).put("error", s.error())
                .put("skip", s.skip());
        ArrayNode rows = report.putArray("results");
        List<ReportEntry> listed = results.listed();
        int bytes = 0;
        int written = 0;
        for (ReportEntry e : listed) {
            ObjectNode row = row(e);
            int size = row.toString().getBytes(StandardCharsets.UTF_8).length;
            if (written == maxResults || bytes + size > maxBytes) {
                break;
            }
            rows.add(row);
            bytes += size;
            written++;
        }
        int total = Math.max(s.listed(), listed.size());
        if (written < total) {
            metadata.putObject("annotations").put(OMITTED, (total - written) + " of " + total
                    + " fail, warn and error results not listed: a report lists at most " + maxResults + " results and "
                    + maxBytes / 1024 + " KiB of them; the summary counts all");
        }
        return report;
    }

    private static ObjectNode row(ReportEntry e) {
        ObjectNode row = JSON.createObjectNode();
        row.put("source", SOURCE);
        row.put("policy", e.policy());
        row.put("rule", e.binding() == null ? e.policy() : e.binding());
        if (e.category() != null) {
            row.put("category", e.category());
        }
        if (e.severity() != null) {
            row.put("severity", e.severity());
        }
        row.putObject("timestamp").put("seconds", e.foundAt()).put("nanos", 0);
        row.put("result", e.result());
        row.put("scored", true);
        ObjectNode ref = row.putArray("resources").addObject();
        ResourceRef r = e.resource();
        ref.put("apiVersion", r.apiVersion()).put("kind", r.kind());
        if (!r.namespace().isEmpty()) {
            ref.put("namespace", r.namespace());
        }
        ref.put("name", r.name());
        if (!r.uid().isEmpty()) {
            ref.put("uid", r.uid());
        }
        String message = String.join("; ", e.messages());
        row.put("message", message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "\u2026" : message);
        ObjectNode properties = row.putObject("properties");
        e.properties().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(p -> properties.put(p.getKey(), p.getValue()));
        return row;
    }
}
