package dev.celador.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application, bound to 127.0.0.1, under a steady load of small reviews over HTTP/1.1
 * keep-alive and HTTP/2 when it gets SIGTERM: readiness goes down at once, connections keep being
 * reused through the shutdown delay, and every request that reached the server is answered; the
 * only requests without an answer are those refused at connect, after the listener closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrainOnShutdownIT {

    /** Shorter than the 5 s of a pod, to keep the test short; the behaviour does not depend on it. */
    private static final Duration DELAY = Duration.ofSeconds(2);
    /** One request per protocol every 10 ms: 200 requests a second in all. */
    private static final long PERIOD_MS = 10;
    /**
     * Requests per protocol waiting for an answer beyond which a due request is skipped rather than
     * queued in the client: on a machine too busy to answer 200 a second, a backlog that grows
     * without bound would push every answer past the delay and leave nothing to observe in it.
     */
    private static final int MAX_OUTSTANDING = 32;
    /** Answers per protocol that must come back inside the delay: each connection reused several times. */
    private static final int ANSWERS_IN_DELAY = 20;

    @TempDir
    static Path dir;
    private static Process server;
    private static int port;
    private static Vertx vertx;
    private static HttpClient http1;
    private static HttpClient http2;
    /** Readiness probes, on connections of their own (as the kubelet's). */
    private static HttpClient probe;
    private static byte[] review;

    record Outcome(HttpVersion protocol, long sentNanos, long doneNanos, int status, String connectionHeader, Throwable failure) {

        boolean refusedAtConnect() {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof ConnectException) {
                    return true;
                }
            }
            return false;
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        ProcessBuilder certs = new ProcessBuilder("certs/generate.sh", "--force").inheritIO();
        certs.environment().put("OUT_DIR", dir.toString());
        assertThat(certs.start().waitFor()).isZero();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new ProcessBuilder("java", "-XX:+UseSerialGC", "-Dcelador.drain.delay=" + DELAY.toMillis() + "ms",
                "-jar", "target/quarkus-app/quarkus-run.jar", "serve", "--bind", "127.0.0.1",
                "--policies", "policies", "--port", Integer.toString(port),
                "--tls-cert", dir.resolve("tls.crt").toString(), "--tls-key", dir.resolve("tls.key").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
        review = Files.readAllBytes(Path.of("src/test/resources/webhook/reviews/sts-create-without-vct.json"));
        vertx = Vertx.vertx();
        HttpClientOptions tls = new HttpClientOptions().setSsl(true).setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve("ca.crt").toString()))
                .setDefaultHost("127.0.0.1").setDefaultPort(port).setConnectTimeout(2000);
        http1 = vertx.createHttpClient(new HttpClientOptions(tls).setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(4));
        http2 = vertx.createHttpClient(new HttpClientOptions(tls).setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true),
                new PoolOptions().setHttp2MaxSize(1));
        probe = vertx.createHttpClient(new HttpClientOptions(tls).setKeepAlive(false));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (readiness() == 200) {
                // Each client's first connection sets up its TLS context: not during the measurement.
                assertThat(send(http1, HttpVersion.HTTP_1_1).get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
                assertThat(send(http2, HttpVersion.HTTP_2).get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server did not become ready:\n" + Files.readString(dir.resolve("server.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dir != null && Files.exists(dir.resolve("server.log"))) {
            Files.createDirectories(Path.of("target"));
            Files.copy(dir.resolve("server.log"), Path.of("target", "DrainOnShutdownIT-server.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void boundToLoopback_anotherAddressOfThisMachineIsRefused() throws Exception {
        Optional<InetAddress> other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(other.isPresent(), "this machine has no address but loopback");
        try (Socket s = new Socket()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new InetSocketAddress(other.get(), port), 2000))
                    .isInstanceOf(ConnectException.class);
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            assertThat(s.isConnected()).isTrue();
        }
    }

    @Test
    @Order(2)
    void sigtermUnderLoad_losesNoRequest_andKeepsConnectionsAliveUntilTheEnd() throws Exception {
        List<CompletableFuture<Outcome>> sent = Collections.synchronizedList(new ArrayList<>());
        // Open loop, as the API server sends: every request that is due goes out, whatever the answers.
        long loadStart = System.nanoTime();
        long[] due = {0};
        java.util.concurrent.atomic.AtomicInteger outstanding1 = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger outstanding2 = new java.util.concurrent.atomic.AtomicInteger();
        List<Long> skipped = Collections.synchronizedList(new ArrayList<>());
        long timer = vertx.setPeriodic(2, t -> {
            while (due[0] * TimeUnit.MILLISECONDS.toNanos(PERIOD_MS) <= System.nanoTime() - loadStart) {
                due[0]++;
                sendBounded(http1, HttpVersion.HTTP_1_1, outstanding1, sent, skipped);
                sendBounded(http2, HttpVersion.HTTP_2, outstanding2, sent, skipped);
            }
        });
        Thread.sleep(3000);
        long sigterm = System.nanoTime();
        server.destroy();
        long unready = 0;
        List<Integer> probes = new ArrayList<>();
        while (unready == 0 && System.nanoTime() - sigterm < Duration.ofSeconds(2).toNanos()) {
            int status = readiness();
            probes.add(status);
            if (status == 503) {
                unready = System.nanoTime();
            }
            Thread.sleep(20);
        }
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exits within the delay and the drain").isTrue();
        long exited = System.nanoTime();
        Thread.sleep(300);
        vertx.cancelTimer(timer);
        List<Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<Outcome> f : List.copyOf(sent)) {
            outcomes.add(f.get(20, TimeUnit.SECONDS));
        }
        String log = Files.readString(dir.resolve("server.log"));

        assertThat(unready).as("readiness answered 503 within 2 s of SIGTERM; it answered %s; server log:%n%s", probes, log).isPositive();
        assertThat(TimeUnit.NANOSECONDS.toMillis(unready - sigterm)).as("readiness went down at once").isLessThan(1000);


        // The load was real: 200 requests a second due through the drain, over both protocols, each
        // sent unless the server was already saturated with answers owed.
        long sentInDelay = outcomes.stream().filter(o -> o.sentNanos() > sigterm && o.sentNanos() < sigterm + DELAY.toNanos()).count();
        long skippedInDelay = List.copyOf(skipped).stream().filter(t -> t > sigterm && t < sigterm + DELAY.toNanos()).count();
        assertThat((sentInDelay + skippedInDelay) * 1e9 / DELAY.toNanos()).as("requests per second due during the delay").isGreaterThanOrEqualTo(195);

        // Through the delay, HTTP/1.1 answers keep their connection, and both protocols are answered.
        long delayEnd = sigterm + DELAY.toNanos() - Duration.ofMillis(100).toNanos();
        List<Outcome> duringDelay = outcomes.stream().filter(o -> o.sentNanos() > sigterm && o.doneNanos() < delayEnd && o.failure() == null).toList();
        assertThat(duringDelay).filteredOn(o -> o.protocol() == HttpVersion.HTTP_1_1).hasSizeGreaterThan(ANSWERS_IN_DELAY)
                .allMatch(o -> o.connectionHeader() == null, "no connection: close during the delay");
        assertThat(duringDelay).filteredOn(o -> o.protocol() == HttpVersion.HTTP_2).hasSizeGreaterThan(ANSWERS_IN_DELAY);
        // connection: close only at the end: after the delay, before the exit.
        assertThat(outcomes).filteredOn(o -> "close".equalsIgnoreCase(o.connectionHeader()))
                .allMatch(o -> o.doneNanos() >= delayEnd && o.sentNanos() <= exited);

        List<Outcome> lost = outcomes.stream().filter(o -> o.failure() != null && !o.refusedAtConnect()).toList();
        assertThat(lost).as("requests that reached the server without an answer (SIGTERM at %d, exit at %d)", sigterm, exited).isEmpty();
        assertThat(outcomes).filteredOn(o -> o.failure() == null).allMatch(o -> o.status() == 200);
        long answered = outcomes.stream().filter(o -> o.failure() == null).count();
        long refused = outcomes.stream().filter(Outcome::refusedAtConnect).count();
        System.out.printf("drain: %d requests (%d more skipped while %d were owed), %d answered (%d after SIGTERM), %d refused at connect after the listener closed, %d lost%n",
                outcomes.size(), skipped.size(), MAX_OUTSTANDING, answered, outcomes.stream().filter(o -> o.failure() == null && o.sentNanos() > sigterm).count(),
                refused, lost.size());
        assertThat(refused).as("the load went on until the listener was closed").isPositive();
        assertThat(log).contains("draining: 1 listener(s) closed");
        assertThat(log).containsPattern("drained in \\d+ ms: 0 request\\(s\\) in flight");
    }

    private static void sendBounded(HttpClient client, HttpVersion protocol, java.util.concurrent.atomic.AtomicInteger outstanding,
            List<CompletableFuture<Outcome>> sent, List<Long> skipped) {
        if (outstanding.get() >= MAX_OUTSTANDING) {
            skipped.add(System.nanoTime());
            return;
        }
        outstanding.incrementAndGet();
        sent.add(send(client, protocol).whenComplete((o, e) -> outstanding.decrementAndGet()));
    }

    private static CompletableFuture<Outcome> send(HttpClient client, HttpVersion protocol) {
        long sent = System.nanoTime();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/validate").setIdleTimeout(15_000)
                .putHeader("content-type", "application/json");
        Future<HttpClientResponse> response = client.request(options)
                .compose(request -> request.send(Buffer.buffer(review)))
                .compose(r -> r.body().map(body -> r));
        return response.toCompletionStage().toCompletableFuture()
                .handle((r, failure) -> failure != null
                        ? new Outcome(protocol, sent, System.nanoTime(), 0, null, failure)
                        : new Outcome(protocol, sent, System.nanoTime(), r.statusCode(), r.getHeader("connection"), null));
    }

    private static int readiness() {
        try {
            return probe.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/q/health/ready").setIdleTimeout(2000))
                    .compose(request -> request.send()).compose(r -> r.body().map(b -> r.statusCode()))
                    .toCompletionStage().toCompletableFuture().get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }
}
