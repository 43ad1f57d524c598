package dev.celador.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.admission.AdmissionHandler;
import dev.celador.admission.AdmissionReviewCodec;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.view.StaticClusterView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.StartupEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first policy load runs beside the server's boot: until it is published, readiness is DOWN and
 * every admission request is refused unevaluated (never allowed); afterwards both behave as usual.
 * The load here waits on a latch, so the "still loading" state is held as long as the test needs it.
 */
class InitialPolicyLoadTest {

    private static final String REPLICAS_LIMIT = PolicyReloadTest.policy("object.spec.replicas <= 5", "at most 5 replicas");

    private static byte[] review(int replicas) {
        return PolicyReloadTest.review(replicas).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesRequestsAndReportsNotReady_untilTheFirstLoadIsPublished(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("replicas.yaml"), REPLICAS_LIMIT);
        CountDownLatch release = new CountDownLatch(1);
        InitialPolicyLoad load = InitialPolicyLoad.start(dir, d -> {
            awaitQuietly(release);
            dev.celador.cel.CelEnvironment cel = new dev.celador.cel.CelEnvironment();
            return loaded(cel, d, PolicyReloader.fingerprint(d));
        });
        PolicyRegistry registry = new PolicyRegistry();
        PolicyReadinessCheck readiness = new PolicyReadinessCheck();
        readiness.registry = registry;
        AdmissionMetrics metrics = new AdmissionMetrics(new SimpleMeterRegistry(), registry, StaticClusterView.empty());
        AdmissionHandler handler = new AdmissionHandler(new AdmissionReviewCodec(), new Engine(registry, StaticClusterView.empty()), metrics,
                new dev.celador.admission.EvaluationPool());
        PolicyReloader reloader = reloader(dir, registry, metrics, load);

        reloader.start(new StartupEvent());

        HealthCheckResponse loading = readiness.call();
        assertThat(loading.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(loading.getData().orElseThrow()).containsEntry("state", "loading");
        // A StatefulSet the policy would allow is still refused: nothing is allowed unevaluated.
        // /validate refuses in the answer (fail closed); /mutate answers HTTP 503, so the API server
        // applies the mutating webhook's failurePolicy, as when no replica answers.
        assertThatThrownBy(() -> handler.mutate(dev.celador.admission.RequestBody.of(review(3))).toCompletableFuture().join()).isInstanceOfSatisfying(jakarta.ws.rs.WebApplicationException.class,
                e -> assertThat(e.getResponse().getStatus()).isEqualTo(503));
        for (ObjectNode answer : new ObjectNode[] {handler.validate(dev.celador.admission.RequestBody.of(review(3))).toCompletableFuture().join()}) {
            JsonNode response = answer.path("response");
            assertThat(response.path("uid").asText()).isEqualTo("r");
            assertThat(response.path("allowed").asBoolean(true)).isFalse();
            assertThat(response.path("status").path("code").asInt()).isEqualTo(503);
            assertThat(response.path("status").path("reason").asText()).isEqualTo("ServiceUnavailable");
            assertThat(response.path("status").path("message").asText()).contains("policies are not loaded yet");
            assertThat(response.has("patch")).isFalse();
        }

        release.countDown();
        reloader.firstPublication().get(60, TimeUnit.SECONDS);

        HealthCheckResponse loaded = readiness.call();
        assertThat(loaded.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(loaded.getData().orElseThrow()).containsEntry("state", "loaded").containsEntry("loaded", 1L);
        assertThat(handler.validate(dev.celador.admission.RequestBody.of(review(3))).toCompletableFuture().join().path("response").path("allowed").asBoolean()).isTrue();
        JsonNode denied = handler.validate(dev.celador.admission.RequestBody.of(review(7))).toCompletableFuture().join().path("response");
        assertThat(denied.path("allowed").asBoolean(true)).isFalse();
        assertThat(denied.path("status").path("code").asInt()).isEqualTo(422);
        assertThat(denied.path("status").path("message").asText()).contains("at most 5 replicas");
    }

    @Test
    void theReloaderStartsFromTheFingerprintTakenBeforeTheFilesWereRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("replicas.yaml"), REPLICAS_LIMIT);
        PolicyRegistry registry = new PolicyRegistry();
        AdmissionMetrics metrics = new AdmissionMetrics(new SimpleMeterRegistry(), registry, StaticClusterView.empty());
        // The tree changes after the fingerprint is taken and before the files are compiled.
        InitialPolicyLoad load = InitialPolicyLoad.start(dir, d -> {
            String fingerprint = PolicyReloader.fingerprint(d);
            writeQuietly(d.resolve("other.yaml"), REPLICAS_LIMIT.replace("name: replicas-limit", "name: other-limit"));
            dev.celador.cel.CelEnvironment cel = new dev.celador.cel.CelEnvironment();
            return loaded(cel, d, fingerprint);
        });
        PolicyReloader reloader = reloader(dir, registry, metrics, load);
        reloader.awaitPolicies = true;
        reloader.start(new StartupEvent());

        reloader.reloadIfChanged();

        assertThat(reloader.reloads()).as("the change made during the load is seen as a change").isEqualTo(1);
        assertThat(registry.current().policies()).hasSize(2);
    }

    @Test
    void theWebhookTakesTheLoadStartedEarlyForItsDirectory_andOnlyOnce(@TempDir Path dir) {
        InitialPolicyLoad.startEarly(dir.resolve("."));

        InitialPolicyLoad taken = InitialPolicyLoad.forDirectory(dir);
        InitialPolicyLoad again = InitialPolicyLoad.forDirectory(dir);

        assertThat(again).isNotSameAs(taken);
        assertThat(taken.result().join().snapshot().policies()).isEmpty();
    }

    @Test
    void aLoadStartedEarlyForAnotherDirectoryIsNotUsed(@TempDir Path dir) throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(dir.resolve("replicas.yaml"), REPLICAS_LIMIT);
        InitialPolicyLoad.startEarly(other);

        InitialPolicyLoad taken = InitialPolicyLoad.forDirectory(dir);

        assertThat(taken.result().join().snapshot().policies()).hasSize(1);
    }

    @Test
    void startingEarlyAgainForTheSameDirectoryKeepsTheLoadUnderWay_whileAnotherDirectoryReplacesIt(@TempDir Path dir)
            throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.writeString(dir.resolve("replicas.yaml"), REPLICAS_LIMIT);
        InitialPolicyLoad guessed = InitialPolicyLoad.startEarly(other); // main's guess from the arguments
        InitialPolicyLoad parsed = InitialPolicyLoad.startEarly(dir); // what the options said
        InitialPolicyLoad again = InitialPolicyLoad.startEarly(dir.resolve("."));

        InitialPolicyLoad taken = InitialPolicyLoad.forDirectory(dir);

        assertThat(parsed).isNotSameAs(guessed);
        assertThat(again).isSameAs(parsed);
        assertThat(taken).isSameAs(parsed);
        assertThat(taken.result().join().snapshot().policies()).hasSize(1);
        assertThat(InitialPolicyLoad.forDirectory(dir)).as("the early load was taken once, not left behind").isNotSameAs(taken);
    }

    /** A reloader of dir without the timer, as CDI would make it (also AdmissionMetricsTest's). */
    static PolicyReloader reloader(Path dir, PolicyRegistry registry, AdmissionMetrics metrics, InitialPolicyLoad load) {
        PolicyReloader reloader = new PolicyReloader();
        reloader.policiesDir = dir.toString();
        reloader.intervalMs = 0;
        reloader.registry = registry;
        reloader.cluster = StaticClusterView.empty();
        reloader.metrics = metrics;
        reloader.initialLoad = load;
        return reloader;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void writeQuietly(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static InitialPolicyLoad.Loaded loaded(dev.celador.cel.CelEnvironment cel, Path dir, String fingerprint) {
        dev.celador.engine.LastGoodLoader loader = new dev.celador.engine.LastGoodLoader(new dev.celador.engine.compile.PolicyCompiler(cel));
        return new InitialPolicyLoad.Loaded(new PolicySnapshot(loader.load(dev.celador.policy.PolicyTree.read(dir))), fingerprint, cel, loader);
    }
}
