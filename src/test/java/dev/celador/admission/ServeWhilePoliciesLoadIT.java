package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celador.bench.ScalePolicies;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged webhook answers HTTP while its first policy load still runs (the load overlaps the
 * boot). With 1,000 policies that load takes seconds after the server listens. A /validate answered
 * while readiness was still DOWN for the policies afterwards was necessarily evaluated before the
 * load finished, and must be the 503 refusal: never an allow without policies.
 */
class ServeWhilePoliciesLoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void refusesRequestsWhileThePoliciesLoad_thenEvaluatesThem() throws Exception {
        Path certs = dir.resolve("certs");
        ProcessBuilder generate = new ProcessBuilder("certs/generate.sh", "--force").inheritIO();
        generate.environment().put("OUT_DIR", certs.toString());
        assertThat(generate.start().waitFor()).isZero();
        Path policies = Files.createDirectories(dir.resolve("policies"));
        ScalePolicies.write(policies, 1000);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder serve = new ProcessBuilder("bin/celador", "serve", "--policies", policies.toString(), "--port", Integer.toString(port),
                "--tls-cert", certs.resolve("tls.crt").toString(), "--tls-key", certs.resolve("tls.key").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        // Without a compile cache: one left by an earlier run with the same policies makes the load
        // so quick that the server may first listen after it finished, and the gap is not exercised.
        serve.environment().put("JAVA_OPTS", "-Dcelador.compile-cache=none");
        server = serve.start();
        HttpClient client = HttpClient.newBuilder().sslContext(DevCaTrust.sslContext(certs.resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(2)).build();
        byte[] review = Files.readAllBytes(Path.of("src/test/resources/webhook/reviews/sts-create-with-vct.json"));

        int refusedWhileLoading = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            assertThat(System.nanoTime()).as("ready within 120 s; log in %s", dir.resolve("server.log")).isLessThan(deadline);
            JsonNode answer;
            try {
                answer = JSON.readTree(post(client, port, review)).path("response");
            } catch (IOException notListening) {
                Thread.sleep(50);
                continue;
            }
            HttpResponse<String> ready = get(client, port, "/q/health/ready");
            if (ready.statusCode() == 200) {
                break;
            }
            assertThat(policiesCheck(ready.body()).path("status").asText()).isEqualTo("DOWN");
            assertThat(policiesCheck(ready.body()).path("data").path("state").asText()).isEqualTo("loading");
            assertThat(answer.path("allowed").asBoolean(true)).as("answered before the policies were loaded").isFalse();
            assertThat(answer.path("status").path("code").asInt()).isEqualTo(503);
            assertThat(answer.path("status").path("message").asText()).contains("policies are not loaded yet");
            refusedWhileLoading++;
        }

        assertThat(refusedWhileLoading).as("requests answered while 1,000 policies loaded").isPositive();
        JsonNode evaluated = JSON.readTree(post(client, port, review)).path("response");
        assertThat(evaluated.path("uid").asText()).isNotEmpty();
        assertThat(evaluated.path("status").path("code").asInt()).isNotEqualTo(503);
        assertThat(policiesCheck(get(client, port, "/q/health/ready").body()).path("data").path("loaded").asInt()).isEqualTo(1000);
    }

    private static JsonNode policiesCheck(String readiness) throws IOException {
        for (JsonNode check : JSON.readTree(readiness).path("checks")) {
            if (check.path("name").asText().equals("policies")) {
                return check;
            }
        }
        throw new AssertionError("no policies check in " + readiness);
    }

    private static String post(HttpClient client, int port, byte[] body) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
