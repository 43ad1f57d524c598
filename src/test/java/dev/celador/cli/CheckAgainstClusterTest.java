package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celador.cluster.LiveClusterView;
import dev.celador.view.ObjectKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `celador check --against-cluster` against fabric8's mock API server: a manifest whose object the
 * cluster holds is judged as an UPDATE of the live version, one the cluster lacks as a CREATE; the
 * same offline from `--cluster-state`; Secret values read live never reach the output; a cluster
 * that cannot be read is a usage error (exit 2), never a pass.
 */
@EnableKubernetesMockClient(crud = true)
class CheckAgainstClusterTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final String IMMUTABLE = "policies/statefulset-immutable-fields/";
    private static final String LIVE_VALUE = "live-password-never-printed";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        JsonNode row(String policy, String name) throws Exception {
            for (JsonNode r : new ObjectMapper().readTree(out).path("results")) {
                if (r.path("policy").asText().equals(policy) && r.path("resource").path("name").asText().equals(name)) {
                    return r;
                }
            }
            throw new AssertionError("no result for " + policy + " on " + name + " in " + out);
        }
    }

    @BeforeEach
    void liveObjects() throws Exception {
        try (InputStream live = Files.newInputStream(Path.of(IMMUTABLE + "tests/sts-db-live.yaml"))) {
            HasMetadata sts = client.getKubernetesSerialization().unmarshal(live);
            sts.getMetadata().setResourceVersion(null);
            if (client.resource(sts).inNamespace("shop").get() == null) {
                client.resource(sts).inNamespace("shop").create();
            }
        }
        if (client.secrets().inNamespace("shop").withName("db-credentials").get() != null) {
            return;
        }
        client.secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("db-credentials").withNamespace("shop")
                .endMetadata().withStringData(Map.of("password", LIVE_VALUE)).withData(Map.of("token",
                        java.util.Base64.getEncoder().encodeToString(LIVE_VALUE.getBytes(StandardCharsets.UTF_8)))).build())
                .create();
    }

    private MockKubeconfig kubeconfig;

    @BeforeEach
    void setAsideClientProperties() {
        kubeconfig = new MockKubeconfig(dir);
    }

    @AfterEach
    void forgetKubeconfig() {
        kubeconfig.close();
    }

    private void kubeconfigFor(String server) throws Exception {
        kubeconfig.pointAt(server, "shop");
    }

    private static Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(args));
        int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void deniesAChangedClaimTemplateOfALiveStatefulSet_withTheProcedure_andJudgesAnAbsentOneAsCreate() throws Exception {
        kubeconfigFor(client.getConfiguration().getMasterUrl());
        Path fresh = dir.resolve("fresh.yaml");
        Files.writeString(fresh, Files.readString(Path.of(IMMUTABLE + "tests/sts-db-storage-grown.yaml")).replace("name: db\n", "name: db-new\n"));

        Run run = check("--policies", IMMUTABLE + "policy.yaml", "--resources", IMMUTABLE + "tests/sts-db-storage-grown.yaml",
                fresh.toString(), "--against-cluster", "--output", "json");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        JsonNode changed = run.row("statefulset-immutable-fields", "db");
        assertThat(changed.path("result").asText()).isEqualTo("fail");
        assertThat(changed.path("messages").get(0).asText())
                .contains("spec.volumeClaimTemplates (data: spec.resources.requests.storage 10Gi -> 20Gi)")
                .contains("kubectl delete statefulset db -n shop --cascade=orphan");
        assertThat(run.row("statefulset-immutable-fields", "db-new").path("result").asText()).isEqualTo("skip");
        assertThat(run.err()).contains("StatefulSet shop/db: judged as UPDATE of the version in the cluster at")
                .contains("StatefulSet shop/db-new: not in the cluster at").contains("judged as CREATE");
    }

    @Test
    void allowsAManifestThatChangesOnlyWhatAnUpdateMay_thoughTheLiveObjectCarriesDefaults() throws Exception {
        kubeconfigFor(client.getConfiguration().getMasterUrl());

        Run run = check("--policies", IMMUTABLE + "policy.yaml", "--resources", IMMUTABLE + "tests/sts-db-scaled.yaml",
                "--against-cluster", "--output", "json");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.row("statefulset-immutable-fields", "db").path("result").asText()).isEqualTo("pass");
    }

    @Test
    void lookupsSeeTheLiveClusterBehindTheCheckedResources() throws Exception {
        kubeconfigFor(client.getConfiguration().getMasterUrl());
        if (client.services().inNamespace("shop").withName("db").get() == null) {
            client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("db").withNamespace("shop")
                    .endMetadata().withNewSpec().withClusterIP("None").withSelector(Map.of("app", "db")).endSpec().build()).create();
        }
        Path elsewhere = dir.resolve("elsewhere.yaml");
        Files.writeString(elsewhere, Files.readString(Path.of(IMMUTABLE + "tests/sts-db-scaled.yaml")).replace("namespace: shop", "namespace: billing"));

        Run run = check("--policies", "policies/statefulset-headless-service/policy.yaml", "--resources", IMMUTABLE + "tests/sts-db-scaled.yaml",
                elsewhere.toString(), "--against-cluster", "--output", "json");

        JsonNode results = new ObjectMapper().readTree(run.out()).path("results");
        List<String> verdicts = new ArrayList<>();
        results.forEach(r -> verdicts.add(r.path("resource").path("namespace").asText() + " " + r.path("result").asText()));
        assertThat(verdicts).as("the live Service shop/db is found; none exists in billing").containsExactly("shop pass", "billing fail");
    }

    @Test
    void clusterStateFilesStandForTheClusterOffline() throws Exception {
        System.setProperty("kubeconfig", dir.resolve("no-such-kubeconfig").toString());

        Run run = check("--policies", IMMUTABLE + "policy.yaml", "--resources", IMMUTABLE + "tests/sts-db-storage-grown.yaml",
                "--cluster-state", IMMUTABLE + "tests/sts-db-live.yaml", "--against-cluster", "--output", "json");

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.row("statefulset-immutable-fields", "db").path("messages").get(0).asText()).contains("10Gi -> 20Gi");
        assertThat(run.err()).contains("StatefulSet shop/db: judged as UPDATE of the version in the objects of --cluster-state");
    }

    @Test
    void secretValuesReadLiveAreDroppedOnRead_andNeverPrinted() throws Exception {
        kubeconfigFor(client.getConfiguration().getMasterUrl());
        try (LiveClusterView view = new LiveClusterView(client)) {
            JsonNode secret = view.get(ObjectKey.of("v1", "Secret", "shop", "db-credentials")).orElseThrow();
            assertThat(secret.has("data")).isFalse();
            assertThat(secret.has("stringData")).isFalse();
            assertThat(secret.path("metadata").path("name").asText()).isEqualTo("db-credentials");
        }
        // A policy that would print the old object whole: the live version holds no value to print.
        Path policy = dir.resolve("echo-old.yaml");
        Files.writeString(policy, """
                apiVersion: celador.dev/v1alpha1
                kind: ValidatingPolicy
                metadata: {name: echo-old-secret}
                spec:
                  validationActions: [Deny]
                  matchConstraints:
                    resourceRules:
                      - {apiGroups: [""], apiVersions: ["v1"], resources: ["secrets"], operations: ["UPDATE"]}
                  validations:
                    - expression: "false"
                      messageExpression: "'old: ' + string(oldObject)"
                """);
        Path manifest = dir.resolve("secret.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Secret
                metadata: {name: db-credentials, namespace: shop}
                stringData: {password: new-value}
                """);

        Run run = check("--policies", policy.toString(), "--resources", manifest.toString(), "--against-cluster", "--output", "json");

        assertThat(run.err()).contains("Secret shop/db-credentials: judged as UPDATE");
        assertThat(run.row("echo-old-secret", "db-credentials").path("result").asText()).isIn("fail", "error");
        String base64 = java.util.Base64.getEncoder().encodeToString(LIVE_VALUE.getBytes(StandardCharsets.UTF_8));
        assertThat(run.out() + run.err()).doesNotContain(LIVE_VALUE).doesNotContain(base64);
    }

    @Test
    void aClusterThatCannotBeReadIsAUsageError_notAPass() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        kubeconfigFor("https://127.0.0.1:" + closedPort);

        Run run = check("--policies", IMMUTABLE + "policy.yaml", "--resources", IMMUTABLE + "tests/sts-db-scaled.yaml",
                "--against-cluster", "--output", "json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--against-cluster: reading StatefulSet shop/db from https://127.0.0.1:" + closedPort);
    }

    @Test
    void refusesOldObjectsFromFilesTogetherWithTheCluster() {
        Run run = check("--policies", IMMUTABLE + "policy.yaml", "--resources", IMMUTABLE + "tests/sts-db-scaled.yaml",
                "--old", IMMUTABLE + "tests/sts-db-live.yaml", "--against-cluster");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("leave out --old");
    }
}
