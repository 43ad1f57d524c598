package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.view.ResourceNames;
import dev.celador.view.StaticClusterView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `celador audit --cluster` against fabric8's mock API server holding the objects of the dump
 * AuditCommandTest audits offline: the same rows, summaries and exit code as from the dump, read
 * with paged LISTs of the kinds the policies match; no Secret value in any output; `--cluster`
 * with `--cluster-state` and a cluster that cannot be read are usage errors (exit 2).
 */
@EnableKubernetesMockClient(crud = true)
class AuditLiveClusterTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final String TREE = "src/test/resources/cli-audit/";
    private static final List<String> SECRET_VALUES = List.of("aHVudGVyMi1kby1ub3QtcHJpbnQ=", "hunter2-do-not-print");

    @TempDir
    Path dir;

    private MockKubeconfig kubeconfig;

    /** The objects of the dump, created once in the mock server. */
    @BeforeAll
    static void createTheDumpsObjects() throws Exception {
        StaticClusterView scopes = StaticClusterView.empty();
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(new File(TREE + "dump/cluster.yaml"))) {
            it.next().path("items").forEach(objects::add);
        }
        new ObjectMapper().readTree(new File(TREE + "dump/more.json")).path("items").forEach(objects::add);
        for (JsonNode o : objects) {
            String apiVersion = o.path("apiVersion").asText();
            String kind = o.path("kind").asText();
            int slash = apiVersion.indexOf('/');
            boolean namespaced = scopes.isNamespaced(apiVersion, kind);
            var context = new ResourceDefinitionContext.Builder().withGroup(slash < 0 ? "" : apiVersion.substring(0, slash))
                    .withVersion(apiVersion.substring(slash + 1)).withKind(kind).withPlural(ResourceNames.resourceOf(kind))
                    .withNamespaced(namespaced).build();
            GenericKubernetesResource resource = client.getKubernetesSerialization().convertValue(o, GenericKubernetesResource.class);
            var op = client.genericKubernetesResources(context);
            (namespaced ? op.inNamespace(o.path("metadata").path("namespace").asText()).resource(resource) : op.resource(resource)).create();
        }
    }

    @BeforeEach
    void kubeconfigForTheMockServer() throws Exception {
        kubeconfig = new MockKubeconfig(dir);
        kubeconfig.pointAt(client.getConfiguration().getMasterUrl(), null);
    }

    @AfterEach
    void forgetKubeconfig() {
        kubeconfig.close();
    }

    private static CliRun audit(String... args) {
        List<String> all = new ArrayList<>(List.of("audit", "--policies", TREE + "policies"));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static List<JsonNode> rows(JsonNode json) {
        List<JsonNode> rows = new ArrayList<>();
        json.path("results").forEach(rows::add);
        return rows;
    }

    /** The namespaces of the rows, in order, each once. */
    private static List<String> namespaces(JsonNode json) {
        List<String> order = new ArrayList<>();
        json.path("results").forEach(r -> {
            String ns = r.path("resource").path("namespace").asText();
            if (order.isEmpty() || !order.get(order.size() - 1).equals(ns)) {
                order.add(ns);
            }
        });
        return order;
    }

    @Test
    void auditsTheClusterOfTheKubeconfig_withTheRowsSummariesAndExitCodeOfADumpOfIt() throws Exception {
        CliRun fromDump = audit("--cluster-state", TREE + "dump", "--output", "json");

        CliRun live = audit("--cluster", "--output", "json");

        assertThat(live.exit()).as(live.err()).isEqualTo(1).isEqualTo(fromDump.exit());
        assertThat(live.err()).contains("reading the cluster at " + client.getConfiguration().getMasterUrl());
        JsonNode json = live.json();
        // namespace by namespace as from the dump; within one, rows come in the order objects are read (by kind here)
        assertThat(rows(json)).containsExactlyInAnyOrderElementsOf(rows(fromDump.json()));
        assertThat(namespaces(json)).isEqualTo(namespaces(fromDump.json())).containsExactly("", "billing", "shop");
        assertThat(json.path("summary").toString()).isEqualTo("{\"pass\":5,\"fail\":4,\"warn\":1,\"error\":1,\"skip\":2}");
        assertThat(json.path("namespaces")).isEqualTo(fromDump.json().path("namespaces"));
        assertThat(json.has("problems")).isFalse();
    }

    @Test
    void listsEachKindInPagesOfTheGivenSize_andPrintsTextGroupedByNamespace() throws Exception {
        while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
            // requests of earlier tests
        }

        CliRun live = audit("--cluster", "--page-size", "2");

        assertThat(live.exit()).as(live.err()).isEqualTo(1);
        assertThat(live.out()).containsSubsequence("Cluster-scoped", "  PersistentVolume pv-0001", "Namespace billing",
                "    FAIL  statefulset-service-exists: Service cache not found in billing", "Namespace shop",
                "5 pass, 4 fail, 1 warn, 1 error, 2 skip in 2 namespaces");
        List<String> lists = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if (r.getMethod().equals("GET") && r.getPath().contains("limit=")) {
                lists.add(r.getPath());
            }
        }
        assertThat(lists).as("every read is a LIST with limit").isNotEmpty().allMatch(p -> p.contains("limit=2"));
        assertThat(lists).anyMatch(p -> p.startsWith("/apis/apps/v1/statefulsets?")).anyMatch(p -> p.startsWith("/api/v1/secrets?"))
                .anyMatch(p -> p.startsWith("/api/v1/persistentvolumes?"));
    }

    @Test
    void neverPrintsASecretValueReadLive_inAnyOutput() {
        for (String output : List.of("text", "json", "report")) {
            CliRun run = audit("--cluster", "--output", output);

            assertThat(run.out()).as(output).contains("db-credentials");
            for (String value : SECRET_VALUES) {
                assertThat(run.out() + run.err()).as(output).doesNotContain(value);
            }
        }
    }

    @Test
    void printsTheReportsItWouldWrite_asFromADump() throws Exception {
        CliRun live = audit("--cluster", "--output", "report");

        List<JsonNode> reports = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(live.out())) {
            it.forEachRemaining(reports::add);
        }
        assertThat(reports).extracting(x -> x.path("kind").asText() + " " + x.path("metadata").path("namespace").asText())
                .containsExactly("ClusterReport ", "Report billing", "Report shop");
        assertThat(reports.get(2).path("summary").toString()).isEqualTo("{\"pass\":1,\"fail\":2,\"warn\":1,\"error\":0,\"skip\":0}");
    }

    @Test
    void refusesTheClusterTogetherWithADump_andNeitherGiven() {
        CliRun both = audit("--cluster", "--cluster-state", TREE + "dump");
        CliRun neither = audit();

        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("give either --cluster-state FILE... (a cluster dump) or --cluster (the kubeconfig's cluster), not both");
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("give either --cluster-state");
    }

    @Test
    void aClusterThatCannotBeReadIsAUsageError_notAPass() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        kubeconfig.pointAt("https://127.0.0.1:" + closedPort, null);

        CliRun run = audit("--cluster", "--output", "json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("listing statefulsets from https://127.0.0.1:" + closedPort);
        assertThat(run.json().path("problems")).isNotEmpty();
    }
}
