package dev.celador.ops;

import dev.celador.engine.ClusterExceptions;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Logs each PolicyException that exists in the cluster but is not applied (outside the trusted
 * namespaces, or invalid) once, when it is first seen, so someone who granted an exception in the
 * wrong place finds out from the log as well as from /status and celador_policy_exceptions_ignored.
 * Checked every 30 s off the request path (listing every namespace per request would let anyone who
 * may create exceptions in their own namespace slow admission down).
 */
@Startup
@Singleton
public class IgnoredExceptionsLog {

    private static final Logger LOG = Logger.getLogger(IgnoredExceptionsLog.class);

    private final ClusterExceptions exceptions;
    private final Set<String> reported = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "celador-ignored-exceptions");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public IgnoredExceptionsLog(ClusterExceptions exceptions) {
        this.exceptions = exceptions;
        timer.scheduleWithFixedDelay(this::report, 10, 30, TimeUnit.SECONDS);
    }

    synchronized void report() {
        try {
            Set<String> now = new HashSet<>();
            for (ClusterExceptions.Ignored i : exceptions.ignored()) {
                String line = i.exception() + ": " + i.why();
                now.add(line);
                if (reported.add(line)) {
                    LOG.warnf("PolicyException %s is ignored: %s", i.exception(), i.why());
                }
            }
            reported.retainAll(now);
        } catch (RuntimeException e) {
            LOG.warnf("could not list PolicyExceptions: %s", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
