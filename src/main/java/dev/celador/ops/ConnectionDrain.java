package dev.celador.ops;

import io.netty.channel.Channel;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * A shutdown that drops nothing that reached the server. On SIGTERM readiness goes down at once
 * and requests are served as usual for {@code celador.drain.delay}, on connections kept alive
 * (the API server's connection pool does not churn while its endpoints catch up). Then:
 *
 * <ol>
 * <li>The listening sockets close, so no new connection is accepted (a new one is refused, which
 *     a client knows was never processed); open connections stay.</li>
 * <li>Each HTTP/1.1 answer from then on says {@code connection: close} and its connection closes
 *     once it is written; each HTTP/2 connection gets a GOAWAY that lets every stream the client
 *     has sent finish, then a final GOAWAY, and closes when its streams are done.</li>
 * <li>The server closes once no request is in flight and no connection is left, or once none has
 *     been busy for {@code celador.drain.quiet} (an idle keep-alive connection of a client that
 *     sends nothing more), or after {@code celador.drain.timeout} in any case.</li>
 * </ol>
 * Quarkus' own drain (quarkus.shutdown.delay and timeout) is not used: from the first second of
 * the delay it answers every HTTP/1.1 request with {@code connection: close}, and it closes the
 * listener only together with the connections, so requests sent in the last moment were lost.
 */
@Readiness
@ApplicationScoped
public class ConnectionDrain implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ConnectionDrain.class);
    /** Before everything else in the request chain: every request is counted. */
    private static final int FIRST = Integer.MAX_VALUE;
    /** The last-stream id of the first GOAWAY: "every stream you have sent will be processed". */
    private static final int ANY_STREAM = Integer.MAX_VALUE;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    private final Map<HttpConnection, HttpVersion> open = new ConcurrentHashMap<>();
    private volatile boolean draining;
    private volatile boolean closing;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "celador.drain.delay", defaultValue = "5s")
    Duration delay;

    @ConfigProperty(name = "celador.drain.timeout", defaultValue = "10s")
    Duration timeout;

    @ConfigProperty(name = "celador.drain.quiet", defaultValue = "250ms")
    Duration quiet;

    void install(@Observes Filters filters) {
        filters.register(this::track, FIRST);
    }

    private void track(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        HttpConnection connection = request.connection();
        inFlight.incrementAndGet();
        lastActivity.set(System.nanoTime());
        if (connection != null && open.putIfAbsent(connection, request.version()) == null) {
            connection.closeHandler(v -> open.remove(connection));
            if (closing && request.version() == HttpVersion.HTTP_2) {
                goAway(connection);
            }
        }
        boolean closeAfter = closing && request.version() != HttpVersion.HTTP_2 && connection != null;
        if (closeAfter) {
            rc.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        rc.addEndHandler(done -> {
            lastActivity.set(System.nanoTime());
            inFlight.decrementAndGet();
            if (closeAfter) {
                connection.close();
            }
        });
        rc.next();
    }

    /**
     * Runs the whole drain when shutdown begins (Quarkus fires the event before its other shutdown
     * steps and waits for it): Vert.x closes the server and every connection at once afterwards.
     */
    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        LOG.infof("shutting down: readiness is down; serving on for %d ms while endpoints drop this pod", delay.toMillis());
        sleep(delay.toMillis());
        long start = System.nanoTime();
        int unbound = stopAccepting();
        closing = true;
        open.forEach((connection, version) -> {
            if (version == HttpVersion.HTTP_2) {
                goAway(connection);
            }
        });
        LOG.infof("draining: %d listener(s) closed, %d connection(s) open, %d request(s) in flight", unbound, open.size(), inFlight.get());
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (inFlight.get() == 0 && (open.isEmpty() || System.nanoTime() - lastActivity.get() > quiet.toNanos())) {
                break;
            }
            sleep(10);
        }
        LOG.infof("drained in %d ms: %d request(s) in flight, %d idle connection(s) left to close",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), inFlight.get(), open.size());
    }

    /** DOWN from the first moment of a shutdown, whichever of Quarkus' shutdown steps runs first. */
    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("shutdown").status(!draining).build();
    }

    /**
     * GOAWAY with the largest stream id first, so streams already on the wire are processed; the
     * graceful shutdown sends the final GOAWAY a moment later and closes when the streams are done.
     */
    private void goAway(HttpConnection connection) {
        connection.goAway(0, ANY_STREAM);
        vertx.setTimer(Math.max(1, quiet.toMillis()), t -> connection.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * Closes the listening socket of every HTTP server without closing its connections. Vert.x 4
     * has no public call for this (HttpServer.close closes both at once), so the bound channel is
     * read from the server that owns it; should that ever fail, the drain goes on without it.
     */
    private int stopAccepting() {
        int closed = 0;
        try {
            Field bound = TCPServerBase.class.getDeclaredField("bindFuture");
            bound.setAccessible(true);
            for (HttpServerImpl server : ((VertxInternal) vertx).sharedHttpServers().values()) {
                Future<?> channel = (Future<?>) bound.get(server);
                if (channel != null && channel.succeeded() && channel.result() instanceof Channel c) {
                    c.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
                    closed++;
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("draining without closing the listener first (%s): new connections are accepted until the server closes",
                    e.toString());
        }
        return closed;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
