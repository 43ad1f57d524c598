package dev.celador.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The playground's server on its own: what it serves, and what it refuses to the other pages a
 * browser may have open (requests for another host name, cross-site posts, oversized or non-JSON bodies).
 */
class PlaygroundServerTest {

    private PlaygroundServer server;
    private final AtomicInteger evaluations = new AtomicInteger();
    private int port;

    @BeforeEach
    void start() throws Exception {
        ObjectMapper json = new ObjectMapper();
        server = PlaygroundServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Path.of("policies"), Path.of("examples"),
                state -> {
                    evaluations.incrementAndGet();
                    return json.createObjectNode().put("echo", state.path("resources").asText());
                },
                state -> json.createObjectNode().put("exitCode", 0));
        port = server.address().getPort();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private record Response(int status, String headers, String body) {
    }

    /** One HTTP/1.1 exchange over a plain socket, so the Host and Origin headers are exactly what a browser could send. */
    private Response exchange(String method, String path, String host, String... headersAndBody) throws Exception {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        String body = "";
        for (int i = 0; i < headersAndBody.length; i++) {
            if (i == headersAndBody.length - 1 && method.equals("POST")) {
                body = headersAndBody[i];
            } else {
                request.append(headersAndBody[i]).append("\r\n");
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (method.equals("POST")) {
            request.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            return new Response(Integer.parseInt(head.substring(9, 12)), head, text.substring(split + 4));
        }
    }

    private String local() {
        return "localhost:" + port;
    }

    @Test
    void servesThePageScriptAndStyleFromTheJarWithAPolicyThatKeepsThePageLocal() throws Exception {
        Response page = exchange("GET", "/", local());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<script src=\"/playground.js\"");
        // Header names are case-insensitive (the JDK's server writes Content-security-policy).
        assertThat(page.headers().toLowerCase(java.util.Locale.ROOT)).contains("content-security-policy: default-src 'none'; script-src 'self'")
                .contains("connect-src 'self'");
        assertThat(exchange("GET", "/playground.js", "127.0.0.1:" + port).body()).contains("CompressionStream");
        assertThat(exchange("GET", "/playground.css", local()).status()).isEqualTo(200);
        assertThat(exchange("GET", "/nothing-here", local()).status()).isEqualTo(404);
    }

    @Test
    void refusesRequestsNamingAnotherHost_soARebindingDnsNameCannotReachIt() throws Exception {
        assertThat(exchange("GET", "/api/catalog", "attacker.example:" + port).status()).isEqualTo(403);
        assertThat(exchange("POST", "/api/evaluate", "attacker.example", "Content-Type: application/json", "{}").status()).isEqualTo(403);
        assertThat(evaluations.get()).isZero();
    }

    @Test
    void refusesCrossSitePostsAndBodiesThatAreNotAJsonObject() throws Exception {
        assertThat(exchange("POST", "/api/evaluate", local(), "Content-Type: application/json", "Origin: http://attacker.example", "{}")
                .status()).isEqualTo(403);
        assertThat(exchange("POST", "/api/evaluate", local(), "Content-Type: text/plain", "{}").status()).isEqualTo(415);
        assertThat(exchange("POST", "/api/evaluate", local(), "Content-Type: application/json", "[1, 2]").status()).isEqualTo(400);
        assertThat(exchange("POST", "/api/evaluate", local(), "Content-Type: application/json", "{\"resources\": ").status()).isEqualTo(400);
        String large = "{\"resources\": \"" + "x".repeat(PlaygroundServer.MAX_BODY_BYTES) + "\"}";
        assertThat(exchange("POST", "/api/evaluate", local(), "Content-Type: application/json", large).status()).isEqualTo(413);
        assertThat(exchange("GET", "/api/evaluate", local()).status()).isEqualTo(405);
        assertThat(evaluations.get()).isZero();
    }

    @Test
    void answersItsOwnPageWithTheEvaluation() throws Exception {
        Response answer = exchange("POST", "/api/evaluate", local(), "Content-Type: application/json", "Origin: http://" + local(),
                "{\"resources\": \"kind: Service\"}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(answer.body()).path("echo").asText()).isEqualTo("kind: Service");
    }

    @Test
    void catalogOffersEachShippedPolicyWithItsKindAndParams_andTheExamples() throws Exception {
        JsonNode catalog = new ObjectMapper().readTree(exchange("GET", "/api/catalog", local()).body());

        JsonNode probe = null;
        JsonNode headless = null;
        for (JsonNode p : catalog.path("policies")) {
            if (p.path("name").asText().equals("statefulset-readiness-probe-default")) {
                probe = p;
            } else if (p.path("name").asText().equals("statefulset-headless-service")) {
                headless = p;
            }
        }
        assertThat(probe.path("kind").asText()).isEqualTo("mutating");
        assertThat(probe.path("params").asText()).contains("celador-readiness-probe-defaults");
        assertThat(headless.path("kind").asText()).isEqualTo("validating");
        assertThat(headless.path("policy").asText()).contains("kind: ValidatingPolicy").doesNotContain("PolicyTest");
        assertThat(catalog.path("examples").findValuesAsText("name")).contains("kafka/bad/kafka.yaml", "mysql/good/mysql.yaml");
    }
}
