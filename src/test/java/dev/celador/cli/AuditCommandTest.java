package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `celador audit` over a cluster dump with mixed verdicts: the three outputs, exit codes and Secret values. */
class AuditCommandTest {

    private static final String TREE = "src/test/resources/cli-audit/";
    /** The base64 value of the Secret in the dump, and what it decodes to: neither may be printed. */
    private static final List<String> SECRET_VALUES = List.of("aHVudGVyMi1kby1ub3QtcHJpbnQ=", "hunter2-do-not-print");

    private record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }

        List<JsonNode> yamlDocuments() throws Exception {
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(out)) {
                while (it.hasNextValue()) {
                    docs.add(it.nextValue());
                }
            }
            return docs;
        }
    }

    private static Run audit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("audit", "--policies", TREE + "policies"));
        all.addAll(List.of(args));
        int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listsFailWarnAndErrorRowsByNamespace_inChecksJsonShape() throws Exception {
        Run run = audit("--cluster-state", TREE + "dump", "--output", "json");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode json = run.json();
        List<String> order = new ArrayList<>();
        for (JsonNode row : json.path("results")) {
            assertThat(row.path("result").asText()).isIn("fail", "warn", "error");
            order.add(row.path("resource").path("namespace").asText() + "/" + row.path("resource").path("name").asText() + ":"
                    + row.path("policy").asText() + ":" + row.path("result").asText() + ":" + row.path("actions"));
        }
        assertThat(order).containsExactly(
                "/pv-0001:persistentvolume-team-label:fail:[\"Audit\"]",
                "billing/cache:statefulset-service-exists:fail:[\"Deny\"]",
                "billing/data:pvc-reads-missing-field:error:[\"Deny\"]",
                "shop/db:statefulset-replicas:warn:[\"Warn\"]",
                "shop/db:statefulset-update-strategy:fail:[\"Audit\"]",
                "shop/db-credentials:secret-password-key:fail:[\"Deny\"]");
        // billing/queue has its headless Service in the dump: the lookup saw it, so it passes
        assertThat(json.path("summary").toString()).isEqualTo("{\"pass\":5,\"fail\":4,\"warn\":1,\"error\":1,\"skip\":2}");
        assertThat(json.path("namespaces").path("shop").path("warn").asInt()).isEqualTo(1);
        assertThat(json.path("namespaces").path("(cluster)").path("pass").asInt()).as("pv-0002 from the JSON dump").isEqualTo(1);
        JsonNode error = json.path("results").get(2);
        assertThat(error.path("failurePolicy").asText()).isEqualTo("Ignore");
        assertThat(error.path("binding").isNull()).isTrue();
    }

    @Test
    void printsTextGroupedByNamespace_withEachNamespacesSummary() {
        Run run = audit("--cluster-state", TREE + "dump");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).containsSubsequence("Cluster-scoped", "  PersistentVolume pv-0001",
                "Namespace billing", "  StatefulSet billing/cache", "    FAIL  statefulset-service-exists: Service cache not found in billing",
                "ERROR (ignored: failurePolicy Ignore)  pvc-reads-missing-field", "  3 pass, 1 fail, 0 warn, 1 error, 2 skip",
                "Namespace shop", "WARN  statefulset-replicas (statefulset-replicas-warn)",
                "FAIL  statefulset-update-strategy (statefulset-update-strategy-audit)",
                "5 pass, 4 fail, 1 warn, 1 error, 2 skip in 2 namespaces");
    }

    @Test
    void neverPrintsSecretValues_inAnyOutput() {
        for (String output : List.of("text", "json", "report")) {
            Run run = audit("--cluster-state", TREE + "dump", "--output", output);
            assertThat(run.out()).as(output).contains("db-credentials").contains("<redacted>");
            for (String value : SECRET_VALUES) {
                assertThat(run.out() + run.err()).as(output).doesNotContain(value);
            }
        }
    }

    @Test
    void printsOneReportPerNamespaceAndAClusterReport_withCountsAndListedViolations() throws Exception {
        Run run = audit("--cluster-state", TREE + "dump", "--output", "report");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        List<JsonNode> reports = run.yamlDocuments();
        assertThat(reports).extracting(r -> r.path("kind").asText() + " " + r.path("metadata").path("namespace").asText())
                .containsExactly("ClusterReport ", "Report billing", "Report shop");
        JsonNode cluster = reports.get(0);
        assertThat(cluster.path("apiVersion").asText()).isEqualTo("openreports.io/v1alpha1");
        assertThat(cluster.path("summary").path("pass").asInt()).isEqualTo(1);
        JsonNode pv = cluster.path("results").get(0);
        assertThat(pv.path("severity").asText()).as("from policies.kyverno.io/severity: High").isEqualTo("high");
        assertThat(pv.path("resources").get(0).path("name").asText()).isEqualTo("pv-0001");

        JsonNode shop = reports.get(2);
        assertThat(shop.path("metadata").path("name").asText()).isEqualTo("celador-audit");
        assertThat(shop.path("source").asText()).isEqualTo("celador");
        assertThat(shop.path("summary").toString()).isEqualTo("{\"pass\":1,\"fail\":2,\"warn\":1,\"error\":0,\"skip\":0}");
        assertThat(shop.path("results")).hasSize(3);
        JsonNode warn = null;
        for (JsonNode r : shop.path("results")) {
            if (r.path("result").asText().equals("warn")) {
                warn = r;
            }
        }
        assertThat(warn).isNotNull();
        assertThat(warn.path("policy").asText()).isEqualTo("statefulset-replicas");
        assertThat(warn.path("rule").asText()).isEqualTo("statefulset-replicas-warn");
        assertThat(warn.path("severity").asText()).isEqualTo("medium");
        assertThat(warn.path("category").asText()).isEqualTo("Availability");
        assertThat(warn.path("properties").path("validationActions").asText()).isEqualTo("Warn");
        assertThat(warn.path("resources").get(0).path("uid").asText()).isEqualTo("0d7c3a52-1f0e-4f7e-9f55-3b7a1c2d9e01");
        assertThat(warn.path("timestamp").path("seconds").asLong()).isPositive();
        assertThat(shop.path("metadata").path("annotations").isMissingNode()).as("nothing left out").isTrue();
    }

    @Test
    void capsEachReport_andStatesWhatWasLeftOut_keepingFailuresFirst() throws Exception {
        Run run = audit("--cluster-state", TREE + "dump", "--output", "report", "--max-results", "1");

        JsonNode billing = run.yamlDocuments().get(1);
        assertThat(billing.path("configuration").path("limits").path("maxResults").asInt()).isEqualTo(1);
        assertThat(billing.path("results")).hasSize(1);
        assertThat(billing.path("results").get(0).path("result").asText()).isEqualTo("fail");
        assertThat(billing.path("summary").path("error").asInt()).as("the summary still counts what is not listed").isEqualTo(1);
        assertThat(billing.path("metadata").path("annotations").path("reports.celador.dev/omitted-results").asText())
                .startsWith("1 of 2 fail, warn and error results not listed");
    }

    @Test
    void writesPolicyReportsForTheOlderApi_whenAsked() throws Exception {
        Run run = audit("--cluster-state", TREE + "dump", "--output", "report", "--report-api", "wgpolicyk8s");

        List<JsonNode> reports = run.yamlDocuments();
        assertThat(reports).extracting(r -> r.path("apiVersion").asText() + " " + r.path("kind").asText())
                .containsExactly("wgpolicyk8s.io/v1alpha2 ClusterPolicyReport", "wgpolicyk8s.io/v1alpha2 PolicyReport",
                        "wgpolicyk8s.io/v1alpha2 PolicyReport");
        assertThat(reports.get(2).path("results")).hasSize(3);
        assertThat(reports.get(2).has("configuration")).as("not a field of that API").isFalse();
    }

    @Test
    void exitsZero_whenNothingWouldBeDenied() {
        Run run = audit("--cluster-state", TREE + "dump-passing");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("2 pass, 0 fail, 0 warn, 0 error, 1 skip in 1 namespaces");
    }

    @Test
    void exitsTwo_onADumpThatDoesNotParse_namingItsLine_andKeepsTheObjectsBefore() throws Exception {
        Run run = audit("--cluster-state", TREE + "dump-broken", TREE + "dump-passing", "--output", "json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("dump-broken/cluster.yaml:9:").contains("cannot read cluster state");
        assertThat(run.json().path("problems").get(0).path("file").asText()).endsWith("dump-broken/cluster.yaml");
        assertThat(run.json().path("summary").path("pass").asInt()).isEqualTo(3);
    }

    @Test
    void exitsTwo_onUnknownOutput() {
        Run run = audit("--cluster-state", TREE + "dump", "--output", "yaml");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--output must be text, json or report");
    }
}
