package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.view.Listing;
import dev.celador.view.Lookup;
import dev.celador.view.ObjectKey;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A kind a reloaded policy starts to look up gets its cache while the webhook keeps serving: until
 * that cache has listed its kind (here never: the service account may not list it cluster-wide),
 * its lookups and lists are read from the API server, readiness stays up, and the other caches
 * keep answering.
 */
@EnableKubernetesMockClient(crud = true)
class UnsyncedKindTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final WatchedKind SERVICES = new WatchedKind("v1", "Service", "services", true);
    private static final WatchedKind BUDGETS = new WatchedKind("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true);

    private InformerClusterView view;

    @BeforeEach
    void watchServicesThenBudgetsTheCacheCannotList() throws InterruptedException {
        for (String clusterWide : new String[] {"/apis/policy/v1/poddisruptionbudgets?resourceVersion=0",
                "/apis/policy/v1/poddisruptionbudgets"}) {
            server.expect().get().withPath(clusterWide)
                    .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage("forbidden").build()).always();
        }
        client.policy().v1().podDisruptionBudget().inNamespace("shop").resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("db").withNamespace("shop").endMetadata()
                .withNewSpec().withNewMaxUnavailable(1).endSpec().build()).createOr(o -> o.update());
        view = new InformerClusterView(client);
        view.watch(Set.of(SERVICES));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!view.isSynced() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(view.isSynced()).isTrue();
        view.watch(Set.of(BUDGETS));
    }

    @AfterEach
    void close() {
        view.close();
    }

    @Test
    void readinessStaysUp_whileALaterKindHasNotSynced() {
        assertThat(view.isSynced()).isTrue();
    }

    @Test
    void aListOfTheUnsyncedKindIsUnconfirmed_whereTheCallerMayNotWait() {
        Listing listing = view.listUp("policy/v1", "PodDisruptionBudget", "shop", false);

        assertThat(listing.unconfirmed()).isTrue();
        assertThat(view.liveReads()).isZero();
    }

    @Test
    void aListOfTheUnsyncedKindIsReadFromTheApiServer() {
        Listing listing = view.listUp("policy/v1", "PodDisruptionBudget", "shop", true);

        assertThat(listing.unconfirmed()).isFalse();
        assertThat(listing.error()).isNull();
        assertThat(listing.items()).extracting(o -> o.path("metadata").path("name").asText()).containsExactly("db");
        assertThat(view.liveReads()).isEqualTo(1);
    }

    @Test
    void aClusterWideListTheApiServerRefusesIsAnError_notAnEmptyList() {
        Listing listing = view.listUp("policy/v1", "PodDisruptionBudget", null, true);

        assertThat(listing.error()).contains("listing poddisruptionbudgets from the API server failed");
        assertThat(listing.items()).isEmpty();
        assertThat(view.liveReadFailures()).isEqualTo(1);
    }

    @Test
    void aLookupOfTheUnsyncedKindIsReadFromTheApiServer() {
        Lookup found = view.lookUp(ObjectKey.of("policy/v1", "PodDisruptionBudget", "shop", "db"), true);

        assertThat(found.object()).isPresent();
        assertThat(view.liveReads()).isEqualTo(1);
    }

    @Test
    void aSyncedKindIsListedFromItsCache() {
        Listing listing = view.listUp("v1", "Service", "shop", false);

        assertThat(listing.unconfirmed()).isFalse();
        assertThat(view.liveReads()).isZero();
    }
}
