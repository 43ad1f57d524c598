package dev.celador.ops;

import dev.celador.cluster.InformerClusterView;
import dev.celador.engine.ClusterNeeds;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.LastGoodLoader;
import dev.celador.policy.PolicyTree;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.view.ClusterView;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.FileVisitOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes the first policy set when its load ({@link InitialPolicyLoad}) finishes, then watches
 * the policy directory (a mounted ConfigMap changes by swapping a symlink, so the tree's paths,
 * sizes and modification times are compared) and swaps in the new set in one step, broken
 * policies keeping their last good version. Requests in flight keep the set they started with.
 */
@ApplicationScoped
public class PolicyReloader {

    private static final Logger LOG = Logger.getLogger(PolicyReloader.class);

    @ConfigProperty(name = "celador.policies", defaultValue = "policies")
    String policiesDir;

    @ConfigProperty(name = "celador.reload.interval-ms", defaultValue = "2000")
    long intervalMs;

    @Inject
    PolicyRegistry registry;

    @Inject
    ClusterView cluster;

    @Inject
    AdmissionMetrics metrics;

    @Inject
    InitialPolicyLoad initialLoad;

    /**
     * Hold the end of Quarkus' start until the first set is published. Off in production (the load
     * overlaps the boot and readiness waits for it); on in tests, which post requests right away.
     */
    @ConfigProperty(name = "celador.startup.await-policies", defaultValue = "false")
    boolean awaitPolicies;

    /** How long apart two reads of a changed tree must agree before it is loaded (see PolicyTree.readSettled). */
    static final long SETTLE_MILLIS = 100;

    private final AtomicLong reloads = new AtomicLong();
    private final AtomicReference<Instant> lastReload = new AtomicReference<>();
    private volatile String fingerprint;
    private ScheduledExecutorService timer;
    /** The first load's, kept: reloads run on the timer's one thread, and the environment is immutable. */
    private CelEnvironment cel;
    /** The first load's: it remembers each file's last good version. */
    private LastGoodLoader loader;
    private boolean stopped;
    private volatile CompletableFuture<Void> published;

    void start(@Observes StartupEvent event) {
        published = initialLoad.result().thenAccept(this::publish).exceptionally(e -> {
            // As when the load ran inside the boot: a webhook that cannot load its tree does not run.
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.errorf("policy load failed, stopping: %s", cause.toString());
            Quarkus.asyncExit(1);
            return null;
        });
        if (awaitPolicies) {
            published.join();
        }
    }

    /** Completes once the first set is active (or its load failed); null before start. */
    CompletableFuture<Void> firstPublication() {
        return published;
    }

    /**
     * Makes the first set active and starts watching the tree. The cluster caches the set needs are
     * started before it is swapped in, so readiness never reports UP on caches nobody asked for.
     */
    private void publish(InitialPolicyLoad.Loaded loaded) {
        Path dir = Path.of(policiesDir);
        PolicySnapshot snapshot = EngineProducer.logged(loaded.snapshot(), dir);
        if (cluster instanceof InformerClusterView informers) {
            informers.watch(ClusterWatchPlanner.plan(ClusterNeeds.of(snapshot.policies(), snapshot.mutatingPolicies()), informers));
        }
        fingerprint = loaded.fingerprint();
        cel = loaded.cel();
        loader = loaded.loader();
        registry.replace(snapshot);
        scheduleReloads();
    }

    private synchronized void scheduleReloads() {
        if (intervalMs <= 0 || stopped) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "celador-policy-reload");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::reloadIfChanged, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Reloads when the tree changed; any failure leaves the active set as it was. */
    void reloadIfChanged() {
        try {
            Path dir = Path.of(policiesDir);
            String now = fingerprint(dir);
            if (now.equals(fingerprint)) {
                return;
            }
            PolicySnapshot next = EngineProducer.logged(new PolicySnapshot(loader.load(PolicyTree.readSettled(dir, SETTLE_MILLIS))), dir);
            if (cluster instanceof InformerClusterView informers) {
                informers.watch(ClusterWatchPlanner.plan(ClusterNeeds.of(next.policies(), next.mutatingPolicies()), informers));
            }
            registry.replace(next);
            InitialPolicyLoad.saveCompileCache(cel);
            fingerprint = now;
            reloads.incrementAndGet();
            metrics.reloaded();
            lastReload.set(Instant.now());
            LOG.infof("reloaded policies from %s", dir);
        } catch (RuntimeException e) {
            metrics.reloadFailed();
            LOG.errorf("policy reload failed, keeping the active set: %s", e.getMessage());
        }
    }

    long reloads() {
        return reloads.get();
    }

    Instant lastReload() {
        return lastReload.get();
    }

    /**
     * Paths (relative to dir, so two spellings of dir agree), sizes and modification times of every
     * file under dir, following symlinks.
     */
    static String fingerprint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            files.filter(Files::isRegularFile).filter(f -> !dev.celador.policy.DocumentReader.isKubeletInternal(dir.relativize(f)))
                    .sorted().forEach(f -> {
                try {
                    sb.append(dir.relativize(f)).append('\u0000').append(Files.size(f)).append('\u0000')
                            .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
                } catch (IOException e) {
                    sb.append(dir.relativize(f)).append("\u0000?\n");
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return "unreadable:" + e.getMessage();
        }
        return sb.toString();
    }
}
