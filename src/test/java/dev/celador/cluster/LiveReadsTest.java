package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.view.Lookup;
import dev.celador.view.ObjectKey;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A lookup that misses its cache asks the API server (an object written a moment ago may not be
 * cached yet), once per key for a burst of misses, and only where the caller may wait.
 */
@EnableKubernetesMockClient(crud = true)
class LiveReadsTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private InformerClusterView view;

    @BeforeEach
    void watchServices() throws InterruptedException {
        view = new InformerClusterView(client);
        view.watch(Set.of(new WatchedKind("v1", "Service", "services", true)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!view.isSynced() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(view.isSynced()).isTrue();
    }

    @AfterEach
    void close() {
        view.close();
    }

    private static ObjectKey service(String name) {
        return ObjectKey.of("v1", "Service", "shop", name);
    }

    @Test
    void aMissIsUnconfirmed_whereTheCallerMayNotWait() {
        Lookup lookup = view.lookUp(service("absent"), false);

        assertThat(lookup.unconfirmed()).isTrue();
        assertThat(view.liveReads()).isZero();
    }

    @Test
    void aMissIsConfirmedByOneRead_andTheAbsenceIsRememberedForAMoment() {
        Lookup first = view.lookUp(service("absent"), true);
        Lookup again = view.lookUp(service("absent"), true);
        Lookup whereNoOneMayWait = view.lookUp(service("absent"), false);

        assertThat(first.object()).isEmpty();
        assertThat(first.unconfirmed()).isFalse();
        assertThat(again.object()).isEmpty();
        assertThat(whereNoOneMayWait.unconfirmed()).as("a known absence needs no read").isFalse();
        assertThat(view.liveReads()).isEqualTo(1);
    }

    @Test
    void readsAnObjectTheCacheDoesNotHoldYet() {
        LiveReads reads = new LiveReads(client);
        client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("shop")
                .endMetadata().withNewSpec().withClusterIP("None").endSpec().build()).create();

        var found = reads.read(new WatchedKind("v1", "Service", "services", true), "shop", "web", "v1/Service/shop/web");

        assertThat(found).hasValueSatisfying(s -> assertThat(s.path("spec").path("clusterIP").asText()).isEqualTo("None"));
        assertThat(reads.reads()).isEqualTo(1);
        reads.close();
    }

    @Test
    void aFailedReadIsAnError_notAnAbsence() {
        // Port 1 on the loopback: nothing listens there, so the read fails at once.
        KubernetesClient nowhere = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build();
        LiveReads reads = new LiveReads(nowhere);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> reads.read(new WatchedKind("v1", "Service", "services", true), "shop", "web", "k"))
                    .isInstanceOf(LiveReads.LiveReadFailed.class).hasMessageContaining("from the API server failed");
            assertThat(reads.knownAbsent("k")).isFalse();
        } finally {
            reads.close();
            nowhere.close();
        }
    }
}
