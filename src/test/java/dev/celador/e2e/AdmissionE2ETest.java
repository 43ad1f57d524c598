package dev.celador.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The e2e scenarios through the fabric8 client, against the real kube-apiserver that
 * e2e/run.sh starts with Celador registered as its webhook. Runs only in the {@code e2e} Maven
 * profile, with -Dcelador.e2e.kubeconfig and -Dcelador.e2e.fixtures (e2e/run.sh passes them).
 */
class AdmissionE2ETest {

    private static final String NS = "e2e-fabric8";
    private static final String CONTROLLER = "system:serviceaccount:external-secrets:external-secrets";

    private static String kubeconfig;
    private static Path fixtures;
    private static KubernetesClient client;

    @BeforeAll
    static void connect() throws IOException {
        String file = System.getProperty("celador.e2e.kubeconfig");
        String dir = System.getProperty("celador.e2e.fixtures");
        assertNotNull(file, "run through e2e/run.sh: -Dcelador.e2e.kubeconfig is not set");
        assertNotNull(dir, "run through e2e/run.sh: -Dcelador.e2e.fixtures is not set");
        kubeconfig = Files.readString(Path.of(file));
        fixtures = Path.of(dir);
        client = clientAs(null);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .serverSideApply();
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    private static KubernetesClient clientAs(String user) {
        Config config = Config.fromKubeconfig(kubeconfig);
        if (user != null) {
            config.setImpersonateUsername(user);
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    private static <T> T load(KubernetesClient c, String name, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(fixtures.resolve(name))) {
            return c.getKubernetesSerialization().unmarshal(in, type);
        }
    }

    @Test
    void deniesStatefulSetWithoutHeadlessService_withCeladorsMessage_andPersistsNothing() throws IOException {
        StatefulSet sts = load(client, "sts-web.yaml", StatefulSet.class);
        sts.getMetadata().setName("no-service");
        sts.getSpec().setServiceName("no-service");
        KubernetesClientException denied = assertThrows(KubernetesClientException.class,
                () -> client.apps().statefulSets().inNamespace(NS).resource(sts).create());
        assertEquals(422, denied.getCode());
        String message = denied.getStatus().getMessage();
        assertTrue(message.contains("admission webhook \"validate.celador.dev\" denied the request"), message);
        assertTrue(message.contains("names spec.serviceName no-service but no Service no-service exists in namespace " + NS),
                message);
        assertNull(client.apps().statefulSets().inNamespace(NS).withName("no-service").get());
    }

    @Test
    void allowsStatefulSetOnceHeadlessServiceExists_andReturnsInjectedProbeAndStorageClass() throws Exception {
        client.services().inNamespace(NS).resource(load(client, "svc-web-headless.yaml", Service.class)).serverSideApply();
        StatefulSet sts = load(client, "sts-web.yaml", StatefulSet.class);
        StatefulSet created = retryUntilAllowed(
                () -> client.apps().statefulSets().inNamespace(NS).resource(sts).dryRun().create());
        var container = created.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertNotNull(container.getReadinessProbe(), "readiness probe injected");
        assertEquals(8080, container.getReadinessProbe().getTcpSocket().getPort().getIntVal());
        assertEquals("standard", created.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName());
        assertNull(client.apps().statefulSets().inNamespace(NS).withName("web").get(), "dry run persists nothing");
    }

    @Test
    void deniesSecretWrittenByPerson_allowsItFromExternalSecretsController() throws IOException {
        try (KubernetesClient person = clientAs("bob"); KubernetesClient controller = clientAs(CONTROLLER)) {
            Secret secret = load(client, "secret-db.yaml", Secret.class);
            KubernetesClientException denied = assertThrows(KubernetesClientException.class,
                    () -> person.secrets().inNamespace(NS).resource(secret).create());
            assertEquals(403, denied.getCode());
            String message = denied.getStatus().getMessage();
            assertTrue(message.contains("Secret " + NS + "/db-credentials may be created only by an external secret manager, not by bob"),
                    message);
            assertTrue(!message.contains("ZHVtbXktbm90LWEtc2VjcmV0"), "Secret data is not echoed");

            Secret written = controller.secrets().inNamespace(NS).resource(secret).create();
            assertEquals("db-credentials", written.getMetadata().getName());
            assertNotNull(client.secrets().inNamespace(NS).withName("db-credentials").get());
        }
    }

    @Test
    void growsClaimOfExpandableClass_deniesGrowingClaimOfFixedClass() throws Exception {
        try (InputStream in = Files.newInputStream(fixtures.resolve("storageclasses.yaml"))) {
            client.load(in).serverSideApply();
        }
        for (String cls : List.of("standard", "fixed")) {
            PersistentVolumeClaim pvc = load(client, "pvc-" + cls + ".yaml", PersistentVolumeClaim.class);
            client.persistentVolumeClaims().inNamespace(NS).resource(pvc).create();
            // No controller binds claims here, and the API server resizes only bound claims.
            PersistentVolumeClaim stored = client.persistentVolumeClaims().inNamespace(NS).withName("data-" + cls).get();
            stored.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
            client.persistentVolumeClaims().inNamespace(NS).resource(stored).updateStatus();
        }
        PersistentVolumeClaim grown = retryUntilAllowed(() -> client.persistentVolumeClaims().inNamespace(NS)
                .withName("data-standard").edit(p -> grow(p, "2Gi")));
        assertEquals(new Quantity("2Gi"), grown.getSpec().getResources().getRequests().get("storage"));

        KubernetesClientException denied = assertThrows(KubernetesClientException.class,
                () -> client.persistentVolumeClaims().inNamespace(NS).withName("data-fixed").edit(p -> grow(p, "2Gi")));
        assertEquals(422, denied.getCode());
        String message = denied.getStatus().getMessage();
        assertTrue(message.contains("PersistentVolumeClaim " + NS
                + "/data-fixed cannot grow from 1Gi to 2Gi: StorageClass fixed does not allow volume expansion"), message);
        assertEquals(new Quantity("1Gi"), client.persistentVolumeClaims().inNamespace(NS).withName("data-fixed").get()
                .getSpec().getResources().getRequests().get("storage"));
    }

    private static PersistentVolumeClaim grow(PersistentVolumeClaim pvc, String size) {
        pvc.getSpec().getResources().getRequests().put("storage", new Quantity(size));
        return pvc;
    }

    private interface Call<T> {
        T run();
    }

    /** Celador's informers see a just-written Service a moment later; retry denials for 20 s. */
    private static <T> T retryUntilAllowed(Call<T> call) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try {
                return call.run();
            } catch (KubernetesClientException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }
}
