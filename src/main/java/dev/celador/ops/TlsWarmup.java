package dev.celador.ops;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * One TLS handshake in memory, with the serving certificate and key, on a thread of its own while
 * Quarkus boots. On a cold JVM the server's first real handshake took about 0.27 s (the next ones
 * 0.03 s): the JDK's TLS stack initialising its providers, cipher suites, key manager and key
 * exchange, all interpreted. That first handshake is the readiness probe's, so it was on the path
 * to ready. Done here, on the second core, it overlaps the boot instead. Nothing of it is kept but
 * what the JVM keeps anyway (initialised classes, loaded code); a failure only means no warm-up,
 * and the server's own TLS set-up reports a bad certificate as before.
 */
public final class TlsWarmup {

    private static final Logger LOG = Logger.getLogger(TlsWarmup.class);
    private static final int MAX_STEPS = 64;

    /** What the warm-up did: the protocol and cipher suite it agreed on, or why it did not finish. */
    public record Outcome(boolean handshaken, String detail) {
    }

    private TlsWarmup() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    public static void startInBackground(Path certificate, Path key) {
        Thread t = new Thread(() -> {
            Outcome outcome = handshake(certificate, key);
            LOG.debugf("TLS warm-up: %s", outcome.detail());
        }, "celador-tls-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** A client and a server engine (the server with the given PEM files) handshake and exchange a record each way. */
    public static Outcome handshake(Path certificate, Path key) {
        try {
            // The JDK's engine, as the server's (Vert.x without OpenSSL on the class path).
            SslContext serverContext = SslContextBuilder.forServer(certificate.toFile(), key.toFile())
                    .sslProvider(SslProvider.JDK).build();
            SslContext clientContext = SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).sslProvider(SslProvider.JDK).build();
            SSLEngine server = serverContext.newEngine(ByteBufAllocator.DEFAULT);
            SSLEngine client = clientContext.newEngine(ByteBufAllocator.DEFAULT, "localhost", 443);
            return exchange(client, server);
        } catch (Exception | LinkageError e) {
            // The key's content never reaches the message: only the exception's class and text.
            return new Outcome(false, "no warm-up: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Outcome exchange(SSLEngine client, SSLEngine server) throws SSLException {
        int packet = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        int app = Math.max(client.getSession().getApplicationBufferSize(), server.getSession().getApplicationBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(packet);
        ByteBuffer toClient = ByteBuffer.allocate(packet);
        ByteBuffer clientIn = ByteBuffer.allocate(app);
        ByteBuffer serverIn = ByteBuffer.allocate(app);
        ByteBuffer clientOut = ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer serverOut = ByteBuffer.wrap("pong".getBytes(StandardCharsets.US_ASCII));
        client.beginHandshake();
        server.beginHandshake();
        for (int step = 0; step < MAX_STEPS; step++) {
            transfer(client, clientOut, toServer, server, serverIn);
            transfer(server, serverOut, toClient, client, clientIn);
            if (!clientOut.hasRemaining() && !serverOut.hasRemaining()
                    && serverIn.position() == 4 && clientIn.position() == 4) {
                return new Outcome(true, "handshake done in memory: " + client.getSession().getProtocol()
                        + " " + client.getSession().getCipherSuite());
            }
        }
        return new Outcome(false, "no warm-up: the handshake did not finish in " + MAX_STEPS + " steps");
    }

    /** from wraps what it has to send into the wire buffer, to unwraps it. */
    private static void transfer(SSLEngine from, ByteBuffer out, ByteBuffer wire, SSLEngine to, ByteBuffer in)
            throws SSLException {
        runTasks(from, from.wrap(out, wire));
        wire.flip();
        while (wire.hasRemaining()) {
            SSLEngineResult r = to.unwrap(wire, in);
            runTasks(to, r);
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) {
                break; // the rest waits for the other side's next flight
            }
        }
        wire.compact();
    }

    private static void runTasks(SSLEngine engine, SSLEngineResult result) {
        if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        }
    }
}
