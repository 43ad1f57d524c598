package dev.celador.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Good, then broken, then fixed policy files while requests keep coming: no request fails, and
 * the broken file never replaces the good policy.
 */
@QuarkusTest
@TestProfile(PolicyReloadTest.ReloadingTree.class)
class PolicyReloadTest {

    static final Path DIR = Path.of("target/reload-test/policies");
    private static final Path FILE = DIR.resolve("replicas.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A policy directory of its own, checked every 100 ms. */
    public static final class ReloadingTree implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            write(policy("object.spec.replicas <= 5", "at most 5 replicas"));
            return Map.of("celador.policies", DIR.toString(), "celador.reload.interval-ms", "100");
        }
    }

    static String policy(String expression, String message) {
        return """
                apiVersion: celador.dev/v1alpha1
                kind: ValidatingPolicy
                metadata:
                  name: replicas-limit
                spec:
                  matchConstraints:
                    resourceRules:
                      - {apiGroups: ["apps"], apiVersions: ["v1"], resources: ["statefulsets"], operations: ["CREATE"]}
                  validations:
                    - expression: "%s"
                      message: "%s"
                """.formatted(expression, message);
    }

    static void write(String content) {
        try {
            Files.createDirectories(DIR);
            Path tmp = DIR.resolve(".replicas.tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, FILE, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A StatefulSet CREATE review with this many replicas (also InitialPolicyLoadTest's). */
    static String review(int replicas) {
        return """
                {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"r","operation":"CREATE",
                 "kind":{"group":"apps","version":"v1","kind":"StatefulSet"},
                 "resource":{"group":"apps","version":"v1","resource":"statefulsets"},
                 "namespace":"shop","name":"db","userInfo":{"username":"u"},
                 "object":{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"shop"},
                           "spec":{"replicas":%d}}}}""".formatted(replicas);
    }

    private static JsonNode validate(int replicas) throws Exception {
        String body = given().contentType(ContentType.JSON).body(review(replicas)).when().post("/validate")
                .then().statusCode(200).extract().asString();
        return JSON.readTree(body).path("response");
    }

    private static JsonNode status() throws Exception {
        return JSON.readTree(given().when().get("/status").then().statusCode(200).extract().asString());
    }

    private static void awaitStatus(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.test(status())) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status never matched: " + status());
    }

    @Test
    void goodThenBrokenThenFixedPolicyWhileRequestsRun() throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            while (running.get()) {
                try {
                    JsonNode r = validate(9);
                    if (!r.has("allowed")) {
                        failures.add("no verdict: " + r);
                    }
                } catch (Exception | AssertionError e) {
                    failures.add(e.toString());
                }
            }
        });
        load.start();
        try {
            assertThat(validate(9).path("status").path("message").asText()).contains("at most 5 replicas");
            long reloadsBefore = status().path("reloads").asLong();

            write(policy("object.spec.replicas <=", "broken"));
            awaitStatus(s -> s.path("reloads").asLong() > reloadsBefore && s.path("problems").size() > 0);
            assertThat(status().path("validatingPolicies").toString()).contains("replicas-limit");
            assertThat(status().path("problems").get(0).asText()).contains("replicas-limit").contains("compile error");
            JsonNode stillGood = validate(9);
            assertThat(stillGood.path("allowed").asBoolean()).isFalse();
            assertThat(stillGood.path("status").path("message").asText()).contains("at most 5 replicas");

            write(policy("object.spec.replicas <= 3", "at most 3 replicas"));
            awaitStatus(s -> s.path("problems").size() == 0);
            assertThat(validate(4).path("status").path("message").asText()).contains("at most 3 replicas");
            assertThat(validate(3).path("allowed").asBoolean()).isTrue();
        } finally {
            running.set(false);
            load.join();
        }
        assertThat(failures).isEmpty();
    }
}
