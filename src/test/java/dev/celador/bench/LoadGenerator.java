package dev.celador.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * An HTTPS load generator on one Vert.x event loop, with keep-alive connections.
 *
 * <p>{@link #openLoop} sends at a fixed rate whatever the server does (wrk2's model): request i is
 * due at start + i/rate, a 1 ms timer sends every request that is due, and its latency is
 * measured from when it was due, not from when it was sent. A server that stalls therefore
 * shows the stall in every request that waited behind it (no coordinated omission). Requests
 * beyond the connection pool wait in the pool's queue, and that wait counts too.
 *
 * <p>{@link #closedLoop} keeps a fixed number of requests in flight, each sent as soon as the
 * previous one returns: its completions per second are the throughput the server sustains.
 */
public final class LoadGenerator implements AutoCloseable {

    /** One load phase: latencies in microseconds, completed and failed requests, seconds it ran. */
    public record Result(Histogram latencyMicros, long completed, long errors, double seconds, double offeredRate) {
        public double throughput() {
            return completed / seconds;
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client;
    private final Context context;

    public LoadGenerator(int port, int connections) {
        client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                        .setKeepAlive(true).setDefaultHost("localhost").setDefaultPort(port).setIdleTimeout(30),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        context = vertx.getOrCreateContext();
    }

    /** GET path; the status, or -1 when the connection fails (the server is not up yet). */
    public int get(String path) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        context.runOnContext(v -> client.request(HttpMethod.GET, path)
                .compose(req -> req.send().compose(resp -> resp.body().map(b -> resp.statusCode())))
                .onComplete(ar -> status.complete(ar.succeeded() ? ar.result() : -1)));
        try {
            return status.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    public Result openLoop(String path, byte[] body, int rate, double seconds) throws Exception {
        Buffer payload = Buffer.buffer(body);
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long total = Math.round(rate * seconds);
        long[] sent = {0};
        long[] done = {0};
        long[] errors = {0};
        CompletableFuture<Void> finished = new CompletableFuture<>();
        double intervalNanos = 1e9 / rate;
        long start = System.nanoTime();
        context.runOnContext(v -> vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            while (sent[0] < total && start + (long) (sent[0] * intervalNanos) <= now) {
                long intended = start + (long) (sent[0] * intervalNanos);
                sent[0]++;
                send(path, payload, ok -> {
                    histogram.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
                    if (!ok) {
                        errors[0]++;
                    }
                    if (++done[0] == total) {
                        finished.complete(null);
                    }
                });
            }
            if (sent[0] >= total) {
                vertx.cancelTimer(timer);
            }
        }));
        try {
            finished.get((long) (seconds * 1000) + 15_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Requests still outstanding after 15 s count as errors.
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        CompletableFuture<Result> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(new Result(histogram.copy(), done[0] - errors[0], errors[0] + (total - done[0]),
                elapsed, rate)));
        return result.get();
    }

    public Result closedLoop(String path, byte[] body, int inFlight, double seconds) throws Exception {
        Buffer payload = Buffer.buffer(body);
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long[] done = {0};
        long[] errors = {0};
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        int[] running = {inFlight};
        context.runOnContext(v -> {
            for (int i = 0; i < inFlight; i++) {
                loop(path, payload, end, histogram, done, errors, running, finished);
            }
        });
        finished.get((long) (seconds * 1000) + 15_000, TimeUnit.MILLISECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        CompletableFuture<Result> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(new Result(histogram.copy(), done[0] - errors[0], errors[0], elapsed, 0)));
        return result.get();
    }

    private void loop(String path, Buffer payload, long end, Histogram histogram, long[] done, long[] errors, int[] running,
            CompletableFuture<Void> finished) {
        long sentAt = System.nanoTime();
        send(path, payload, ok -> {
            long now = System.nanoTime();
            histogram.recordValue(Math.max(0, (now - sentAt) / 1000));
            done[0]++;
            if (!ok) {
                errors[0]++;
            }
            if (now < end) {
                loop(path, payload, end, histogram, done, errors, running, finished);
            } else if (--running[0] == 0) {
                finished.complete(null);
            }
        });
    }

    private interface Completion {
        void done(boolean ok);
    }

    private void send(String path, Buffer payload, Completion completion) {
        client.request(HttpMethod.POST, path)
                .compose(req -> req.putHeader("Content-Type", "application/json").send(payload)
                        .compose(resp -> resp.body().map(b -> resp.statusCode() == 200 && b.length() > 0)))
                .onComplete(ar -> completion.done(ar.succeeded() && ar.result()));
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
