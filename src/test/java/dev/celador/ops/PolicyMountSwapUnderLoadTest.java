package dev.celador.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The policy directory laid out as the kubelet mounts a ConfigMap (files behind a `..data` symlink
 * that is swapped to a new timestamped directory on every change), under a steady 200 requests a
 * second: a swap to invalid YAML, then to a file cut short, then to the fix. A Deny policy must
 * hold throughout: every request it denies is denied, every other one allowed, every answer 200.
 */
@QuarkusTest
@TestProfile(PolicyMountSwapUnderLoadTest.MountedTree.class)
class PolicyMountSwapUnderLoadTest {

    static final Path MOUNT = Path.of("target/mount-swap-test/policies");
    private static final Path FIXTURES = Path.of("src/test/resources/enforcement");
    private static final String FILE = "replicas.yaml";
    private static final int RATE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SWAPS = new AtomicInteger();

    /** The good policy mounted, checked every 200 ms. */
    public static final class MountedTree implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                if (Files.exists(MOUNT)) {
                    try (Stream<Path> old = Files.walk(MOUNT)) {
                        old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                Files.createDirectories(MOUNT);
                swapTo(Files.readString(FIXTURES.resolve("replicas-limit.yaml")));
                Files.createSymbolicLink(MOUNT.resolve(FILE), Path.of("..data", FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("celador.policies", MOUNT.toString(), "celador.reload.interval-ms", "200");
        }
    }

    /** What the kubelet does on a ConfigMap change: new directory, `..data` renamed over, old directory removed. */
    static void swapTo(String content) throws IOException {
        Path dir = MOUNT.resolve("..2026_12_05_12_00_00." + SWAPS.incrementAndGet());
        Files.createDirectory(dir);
        Files.writeString(dir.resolve(FILE), content);
        Path link = MOUNT.resolve("..data_tmp");
        Files.createSymbolicLink(link, dir.getFileName());
        Path data = MOUNT.resolve("..data");
        Path previous = Files.isSymbolicLink(data) ? MOUNT.resolve(Files.readSymbolicLink(data)) : null;
        Files.move(link, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (previous != null) {
            Files.delete(previous.resolve(FILE));
            Files.delete(previous);
        }
    }

    @TestHTTPResource("/validate")
    URL validate;

    private static String review(int replicas) {
        return PolicyReloadTest.review(replicas);
    }

    private static JsonNode status() throws IOException {
        return JSON.readTree(given().when().get("/status").then().statusCode(200).extract().asString());
    }

    private static void awaitStatus(String what, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(status())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status never showed " + what + ": " + status());
    }

    private static boolean hasProblem(JsonNode status, String text) {
        for (JsonNode p : status.path("problems")) {
            if (p.asText().contains(text)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aDenyPolicyHoldsThroughBrokenHalfWrittenAndFixedSwaps_withNoWrongVerdictAndNoFailedAnswer() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = validate.toURI();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicLong answered = new AtomicLong();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        String fixedMessage = "at most 5 replicas (fixed)";
        String fixed = Files.readString(FIXTURES.resolve("replicas-limit.yaml")).replace("message: at most 5 replicas",
                "message: " + fixedMessage);

        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / RATE;
        List<Runnable> steps = List.of(
                () -> { },
                () -> swapQuietly(fixture("replicas-limit-invalid-yaml")),
                () -> swapQuietly(fixture("replicas-limit-half-written")),
                () -> swapQuietly(fixed));
        long phaseNanos = Duration.ofMillis(5_250).toNanos();
        int phase = -1;
        long reloadsBefore = status().path("reloads").asLong();
        for (long i = 0; ; i++) {
            long due = start + i * periodNanos;
            long now = System.nanoTime();
            if (due - start >= phaseNanos * steps.size()) {
                break;
            }
            int p = (int) ((due - start) / phaseNanos);
            if (p != phase) {
                phase = p;
                steps.get(p).run();
            }
            if (due > now) {
                Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
            }
            int replicas = i % 2 == 0 ? 9 : 3;
            int sentInPhase = phase;
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(review(replicas))).build();
            inFlight.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                answered.incrementAndGet();
                if (error != null) {
                    wrong.add("phase " + sentInPhase + ": no answer: " + error);
                } else if (response.statusCode() != 200) {
                    wrong.add("phase " + sentInPhase + ": HTTP " + response.statusCode());
                } else {
                    boolean allowed = readAllowed(response.body());
                    if (allowed != (replicas == 3)) {
                        wrong.add("phase " + sentInPhase + ": replicas " + replicas + " answered allowed=" + allowed);
                    }
                }
                return null;
            }));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();

        System.out.printf("policy mount swaps under load: %d requests in %.1f s (%.0f/s), %d wrong verdicts or failed answers%n",
                inFlight.size(), seconds, inFlight.size() / seconds, wrong.size());
        assertThat(wrong).as("wrong verdicts and failed answers").isEmpty();
        assertThat(answered.get()).as("requests answered").isEqualTo(inFlight.size());
        assertThat(inFlight.size() / seconds).as("offered rate, requests per second").isGreaterThanOrEqualTo(RATE * 0.95);
        assertThat(seconds).isGreaterThanOrEqualTo(20);
        // The swaps were read: each broken version was reported, and the fix is active now.
        JsonNode after = status();
        assertThat(after.path("reloads").asLong()).isGreaterThanOrEqualTo(reloadsBefore + 3);
        awaitStatus("the fix", s -> s.path("problems").isEmpty());
        assertThat(given().body(review(9)).contentType("application/json").post("/validate").then().extract().asString())
                .contains(fixedMessage);
    }

    private static boolean readAllowed(String body) {
        try {
            return JSON.readTree(body).path("response").path("allowed").asBoolean(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fixture(String name) {
        try {
            return Files.readString(FIXTURES.resolve(name + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void swapQuietly(String content) {
        try {
            swapTo(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
