package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application started as `celador serve` with a certificate from certs/generate.sh,
 * answering over HTTPS only, with a client that trusts nothing but the generated CA.
 */
class ServeOverHttpsIT {

    @TempDir
    static Path certs;
    private static Process server;
    private static HttpClient client;
    private static int port;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startServer() throws Exception {
        ProcessBuilder genWithOut = new ProcessBuilder("certs/generate.sh", "--force").inheritIO();
        genWithOut.environment().put("OUT_DIR", certs.toString());
        assertThat(genWithOut.start().waitFor()).isZero();

        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder("java", "-Dquarkus.tls.reload-period=1s", "-jar", "target/quarkus-app/quarkus-run.jar", "serve",
                "--policies", "policies", "--port", Integer.toString(port),
                "--tls-cert", certs.resolve("tls.crt").toString(), "--tls-key", certs.resolve("tls.key").toString())
                .redirectErrorStream(true).redirectOutput(certs.resolve("server.log").toFile()).start();
        client = HttpClient.newBuilder().sslContext(DevCaTrust.sslContext(certs.resolve("ca.crt"))).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new AssertionError("server did not become ready:\n" + Files.readString(certs.resolve("server.log")));
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void deniesStatefulSetWithoutVolumeClaimTemplatesOverHttps() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(review("sts-create-without-vct"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body()).path("response");
        assertThat(answer.path("uid").asText()).isEqualTo("5a1b-0001");
        assertThat(answer.path("allowed").asBoolean(true)).isFalse();
        assertThat(answer.path("status").path("code").asInt()).isEqualTo(422);
        assertThat(answer.path("status").path("message").asText().lines())
                .anyMatch(l -> l.startsWith("ValidatingPolicy 'statefulset-volume-claim-templates' denied request: StatefulSet db has no spec.volumeClaimTemplates"));
        JsonNode line = requestLine("5a1b-0001");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("loggerName").asText()).isEqualTo(AdmissionHandler.class.getName());
        assertThat(line.path("mdc").path("allowed").asText()).isEqualTo("false");
        assertThat(line.path("mdc").path("policies").asText()).contains("statefulset-volume-claim-templates:fail");
    }

    /** The request's JSON log line (written in batches, so it may take a moment). */
    private static JsonNode requestLine(String uid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(certs.resolve("server.log"))) {
                if (line.startsWith("{") && line.contains("\"uid=" + uid + " ")) {
                    return JSON.readTree(line);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no request line for " + uid + " in:\n" + Files.readString(certs.resolve("server.log")));
    }

    @Test
    void readinessReportsTheShippedPolicies() throws Exception {
        HttpResponse<String> response = get("/q/health/ready");
        JsonNode check = null;
        for (JsonNode c : JSON.readTree(response.body()).path("checks")) {
            if (c.path("name").asText().equals("policies")) {
                check = c;
            }
        }
        assertThat(check).isNotNull();
        assertThat(check.path("data").path("problems").asInt()).isZero();
        assertThat(check.path("data").path("loaded").asInt()).isPositive();
    }

    @Test
    void servesARenewedCertificateWithoutRestart() throws Exception {
        // A new CA and certificate replace the files in place; only a client trusting the new CA must get through.
        ProcessBuilder renew = new ProcessBuilder("certs/generate.sh", "--force").inheritIO();
        renew.environment().put("OUT_DIR", certs.toString());
        assertThat(renew.start().waitFor()).isZero();
        HttpClient renewed = HttpClient.newBuilder().sslContext(DevCaTrust.sslContext(certs.resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = renewed.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/q/health/live"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                client = renewed;
                return;
            } catch (IOException notYet) {
                last = notYet;
                Thread.sleep(250);
            }
        }
        throw new AssertionError("the renewed certificate was never served", last);
    }

    @Test
    void refusesPlainHttp() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/validate")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] review(String name) throws IOException {
        return Files.readAllBytes(Path.of("src/test/resources/webhook/reviews", name + ".json"));
    }
}
