package dev.celador.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.admission.BackgroundPace;
import dev.celador.admission.OsThreadPriority;
import dev.celador.audit.AuditIdentity;
import dev.celador.audit.AuditPass;
import dev.celador.audit.AuditState;
import dev.celador.audit.AuditedKinds;
import dev.celador.audit.ObjectAuditor;
import dev.celador.audit.PolicyChanges;
import dev.celador.audit.PolicyLabels;
import dev.celador.cluster.AuditFeed;
import dev.celador.cluster.InformerClusterView;
import dev.celador.cluster.ReportWriter;
import dev.celador.cluster.WatchedKind;
import dev.celador.engine.ClusterExceptions;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.report.NamespaceResults;
import dev.celador.report.ReportRenderer;
import dev.celador.view.ClusterView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The background audit of `serve --cluster`: every validating policy judges the existing objects
 * it matches (see {@link ObjectAuditor}) and the results go to one OpenReports report per
 * namespace and a ClusterReport. Only the replica holding the Lease {@value #DEFAULT_LEASE}
 * (fabric8's leader elector) audits and writes; the others only serve the webhook.
 *
 * <p>The leader's work runs on one thread, never on the webhook's, and judges each object only
 * once no webhook request is being answered (EvaluationPool's lowest lane): a full pass at
 * start, every {@code celador.audit.interval} and when a watch was lost, reading each kind the
 * policies match by paged LIST and judging each page as it arrives; a policy change re-lists only
 * the kinds the changed and added policies match and runs those policies alone, merging their
 * results into what each object holds (see {@link AuditPass}), and drops a removed policy's
 * results; a watch event re-judges that one object. Audited kinds are not cached: an object is held until judged.
 * Nothing from the webhook's requests (dry-run or not) reaches the reports.
 */
@ApplicationScoped
public class BackgroundAudit {

    private static final Logger LOG = Logger.getLogger(BackgroundAudit.class);
    static final String DEFAULT_LEASE = "celador-audit";
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "celador.audit.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "celador.audit.interval", defaultValue = "1h")
    Duration interval;

    @ConfigProperty(name = "celador.audit.page-size", defaultValue = "500")
    long pageSize;

    @ConfigProperty(name = "celador.audit.max-results", defaultValue = "500")
    int maxResults;

    /** Also write wgpolicyk8s.io/v1alpha2 PolicyReports (their CRDs must be installed). */
    @ConfigProperty(name = "celador.audit.policy-reports", defaultValue = "false")
    boolean policyReports;

    @ConfigProperty(name = "celador.audit.lease", defaultValue = DEFAULT_LEASE)
    String leaseName;

    @ConfigProperty(name = "celador.audit.lease-duration", defaultValue = "15s")
    Duration leaseDuration;

    @ConfigProperty(name = "celador.audit.policy-check-interval", defaultValue = "1s")
    Duration policyCheckInterval;

    /** The service account Celador runs as (deploy/: celador-webhook), whose userInfo the audit's requests carry. */
    @ConfigProperty(name = "celador.audit.service-account", defaultValue = "celador-webhook")
    String serviceAccount;

    @ConfigProperty(name = "celador.policies", defaultValue = "policies")
    String policiesDir;

    @Inject
    PolicyRegistry registry;

    @Inject
    ClusterView cluster;

    @Inject
    ClusterExceptions clusterExceptions;

    @Inject
    PolicyReloader reloader;

    @Inject
    MeterRegistry meters;

    /** The audit's lane: before each object it waits while webhook requests are answered (at most 20 ms). */
    @Inject
    dev.celador.admission.EvaluationPool lanes;

    static final long YIELD_NANOS = 20_000_000;

    /** The share of one core the audit uses while webhook requests come in (full speed otherwise). */
    @ConfigProperty(name = "celador.audit.cpu-share-when-busy", defaultValue = "0.1")
    double cpuShareWhenBusy;

    // Confined to the worker thread (it measures that thread's CPU time).
    private BackgroundPace pace;
    /**
     * The audit thread's nice value. Normal by default: it steps aside and paces itself instead,
     * because at nice 19 on a busy node it waited tens of milliseconds for a core each time the JVM
     * stopped every thread for a collection, and the webhook's threads waited with it.
     */
    static final int AUDIT_NICE = Integer.getInteger("celador.audit.nice", 0);

    private final AtomicBoolean leading = new AtomicBoolean();
    private final AtomicReference<String> leader = new AtomicReference<>();
    private final Map<String, JsonNode> pendingChanges = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> pendingDeletes = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService worker;
    private volatile CompletableFuture<?> election;
    private volatile Summary summary = Summary.NONE;
    private MultiGauge violationGauge;

    // Confined to the worker thread.
    private AuditState state;
    private AuditFeed feed;
    private ReportWriter writer;
    private PolicySnapshot audited;
    private Set<WatchedKind> kinds = Set.of();
    private boolean fullPassDue;

    /** What /status and the gauges show; replaced whole by the worker. */
    record Summary(boolean leading, String leader, Instant lastFullPass, double lastFullPassSeconds, long objectsAudited,
            NamespaceResults.Summary results, long reportsWritten, List<String> notAudited) {
        static final Summary NONE = new Summary(false, null, null, 0, 0, new NamespaceResults.Summary(0, 0, 0, 0, 0), 0, List.of());
    }

    void start(@Observes StartupEvent event) {
        if (!enabled || !(cluster instanceof InformerClusterView)) {
            LOG.debug("background audit off: no cluster, or celador.audit.enabled=false");
            return;
        }
        Gauge.builder("celador.audit.last.full.pass.seconds", () -> summary.lastFullPassSeconds())
                .description("Duration of the last full audit pass").register(meters);
        Gauge.builder("celador.audit.objects", () -> summary.objectsAudited())
                .description("Objects the last full audit pass judged").register(meters);
        Gauge.builder("celador.audit.leader", () -> leading.get() ? 1 : 0)
                .description("1 on the replica that audits and writes reports").register(meters);
        violationGauge = MultiGauge.builder("celador.audit.violations")
                .description("Fail, warn and error results in the reports, by policy, action, namespace and result").register(meters);
        CompletableFuture<Void> published = reloader.firstPublication();
        (published == null ? CompletableFuture.completedFuture(null) : published).thenRun(this::elect);
    }

    private void elect() {
        KubernetesClient kube = kube();
        String namespace = Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(s -> !s.isBlank()).orElse("celador");
        String identity = Optional.ofNullable(System.getenv("HOSTNAME")).filter(s -> !s.isBlank()).orElse("celador")
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        Duration renew = leaseDuration.multipliedBy(2).dividedBy(3);
        election = kube.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("celador-audit").withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(leaseDuration).withRenewDeadline(renew).withRetryPeriod(leaseDuration.dividedBy(5))
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading, leader::set)).build())
                .build().start();
        LOG.infof("background audit: competing for Lease %s/%s as %s", namespace, leaseName, identity);
    }

    private synchronized void startLeading() {
        if (!leading.compareAndSet(false, true)) {
            return;
        }
        LOG.info("background audit: leading, auditing the cluster and writing reports");
        ScheduledExecutorService w = Executors.newSingleThreadScheduledExecutor(OsThreadPriority.threads("celador-audit-", AUDIT_NICE));
        worker = w;
        w.execute(() -> {
            state = new AuditState();
            pace = BackgroundPace.of(lanes, BackgroundPace.share(cpuShareWhenBusy, "celador.audit.cpu-share-when-busy", 0.1));
            feed = new AuditFeed(kube(), pageSize);
            writer = new ReportWriter(kube());
            audited = null;
            kinds = Set.of();
        });
        w.scheduleWithFixedDelay(this::checkPolicies, 0, policyCheckInterval.toMillis(), TimeUnit.MILLISECONDS);
        w.scheduleWithFixedDelay(() -> fullPassDue = true, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void stopLeading() {
        if (!leading.compareAndSet(true, false)) {
            return;
        }
        LOG.info("background audit: no longer leading, stopping");
        ScheduledExecutorService w = worker;
        worker = null;
        if (w != null) {
            w.shutdownNow();
        }
        AuditFeed f = feed;
        if (f != null) {
            f.close();
        }
        pendingChanges.clear();
        pendingDeletes.clear();
        summary = new Summary(false, leader.get(), summary.lastFullPass(), summary.lastFullPassSeconds(), summary.objectsAudited(),
                summary.results(), summary.reportsWritten(), summary.notAudited());
    }

    void stop(@Observes ShutdownEvent event) {
        CompletableFuture<?> e = election;
        if (e != null) {
            e.cancel(true); // releases the Lease, so another replica takes over at once
        }
        stopLeading();
    }

    /** On the worker: a new policy set (or the first) and a due full pass are handled here, then the reports written. */
    private void checkPolicies() {
        try {
            PolicySnapshot now = registry.current();
            if (now == null) {
                return;
            }
            if (audited == null || fullPassDue) {
                fullPassDue = false;
                fullPass(now);
            } else if (now != audited) {
                PolicyChanges changes = PolicyChanges.between(audited, now);
                audited = now;
                if (!changes.isEmpty()) {
                    LOG.infof("background audit: policies changed %s, removed %s; judging again with those only", changes.changed(),
                            changes.removed());
                    Set<WatchedKind> previous = kinds;
                    kinds = resolve(AuditedKinds.of(now.policies()));
                    Set<WatchedKind> relist = resolve(AuditedKinds.of(changes.judged()));
                    relist.retainAll(kinds);
                    Set<WatchedKind> gone = new HashSet<>(previous);
                    gone.removeAll(kinds);
                    ObjectAuditor changedOnly = auditor(now.validatingOnly(changes.changed()));
                    pass(AuditPass.ofChanges(state, auditor(now), changedOnly, changes.changed(), Instant.now().getEpochSecond()),
                            relist, gone, changes.removed());
                    feed.retainWatches(kinds);
                }
            }
            writeReports();
        } catch (RuntimeException e) {
            LOG.warnf(e, "background audit: pass failed, retrying at the next check");
            fullPassDue = true;
        }
    }

    private void fullPass(PolicySnapshot snapshot) {
        long start = System.nanoTime();
        audited = snapshot;
        Set<WatchedKind> previous = kinds;
        AuditedKinds wanted = AuditedKinds.of(snapshot.policies());
        kinds = resolve(wanted);
        Set<WatchedKind> gone = new HashSet<>(previous);
        gone.removeAll(kinds);
        long objects = pass(AuditPass.full(state, auditor(snapshot), Instant.now().getEpochSecond()), kinds, gone, Set.of());
        feed.retainWatches(kinds);
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.infof("background audit: full pass judged %d objects of %d kinds in %.1f s", objects, kinds.size(), seconds);
        summary = new Summary(true, leader.get(), Instant.now(), seconds, objects, state.totals(), writer.writes(),
                List.copyOf(wanted.wildcards()));
    }

    /** Lists the kinds page by page, judging each page before the next is read; starts their watches. */
    private long pass(AuditPass pass, Set<WatchedKind> list, Set<WatchedKind> gone, Set<String> removedPolicies) {
        ObjectAuditor events = auditor(audited); // object changes: every policy of the current set
        Set<WatchedKind> listed = new HashSet<>();
        for (WatchedKind kind : list) {
            String resourceVersion;
            try {
                resourceVersion = feed.list(kind, object -> {
                    lanes.yieldToRequests(YIELD_NANOS);
                    pass.judge(object);
                    pace.step();
                }, () -> drainEvents(events)); // object changes wait at most one page
            } catch (KubernetesClientException e) {
                // One kind that cannot be listed (a CRD not installed, list forbidden) never stops the others.
                LOG.warnf("background audit: listing %s %s failed (HTTP %d), its objects keep their results until the next full pass",
                        kind.apiVersion(), kind.resource(), e.getCode());
                continue;
            }
            listed.add(kind);
            if (!feed.isWatching(kind)) {
                feed.watch(kind, resourceVersion, this.events);
            }
        }
        Set<String> swept = new HashSet<>();
        listed.forEach(k -> swept.add(k.apiVersion() + "/" + k.kind()));
        gone.forEach(k -> swept.add(k.apiVersion() + "/" + k.kind()));
        pass.end(swept, removedPolicies);
        return pass.judged();
    }

    private final AuditFeed.Events events = new AuditFeed.Events() {
        @Override
        public void changed(JsonNode object) {
            String key = dev.celador.report.ResourceRef.of(object).key();
            pendingDeletes.remove(key);
            pendingChanges.put(key, object);
            schedule();
        }

        @Override
        public void deleted(JsonNode object) {
            String key = dev.celador.report.ResourceRef.of(object).key();
            pendingChanges.remove(key);
            pendingDeletes.put(key, object);
            schedule();
        }

        @Override
        public void lost(WatchedKind kind) {
            fullPassDue = true;
        }
    };

    /** Coalesced: many events of one object before the worker gets to it are judged once. */
    private void schedule() {
        ScheduledExecutorService w = worker;
        if (w != null) {
            try {
                w.execute(() -> {
                    if (audited != null) {
                        drainEvents(auditor(audited));
                        writeReports();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // no longer leading
            }
        }
    }

    private void drainEvents(ObjectAuditor auditor) {
        long now = Instant.now().getEpochSecond();
        for (String key : List.copyOf(pendingDeletes.keySet())) {
            JsonNode o = pendingDeletes.remove(key);
            if (o != null) {
                state.deleted(o);
            }
        }
        for (String key : List.copyOf(pendingChanges.keySet())) {
            JsonNode o = pendingChanges.remove(key);
            if (o != null) {
                state.audited(o, auditor.entries(o, auditor.results(o), now));
            }
        }
    }

    private ObjectAuditor auditor(PolicySnapshot snapshot) {
        Engine engine = new Engine(new PolicyRegistry(snapshot), cluster, clusterExceptions);
        String namespace = Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(s -> !s.isBlank()).orElse("celador");
        return new ObjectAuditor(engine, AuditIdentity.serviceAccount(namespace, serviceAccount), labels());
    }

    private PolicyLabels labels;

    private PolicyLabels labels() {
        if (labels == null || audited != labelsOf) {
            labels = PolicyLabels.read(List.of(Path.of(policiesDir)));
            labelsOf = audited;
        }
        return labels;
    }

    private PolicySnapshot labelsOf;

    private Set<WatchedKind> resolve(AuditedKinds wanted) {
        InformerClusterView view = (InformerClusterView) cluster;
        Set<WatchedKind> out = new HashSet<>();
        for (AuditedKinds.Kind k : wanted.kinds()) {
            view.describeResource(k.apiVersion(), k.resource()).ifPresentOrElse(out::add,
                    () -> LOG.debugf("background audit: the cluster serves no %s %s", k.apiVersion(), k.resource()));
        }
        return out;
    }

    private void writeReports() {
        Map<String, NamespaceResults> dirty = state.takeDirty();
        if (dirty.isEmpty()) {
            return;
        }
        ReportRenderer renderer = new ReportRenderer(maxResults, 1024 * 1024);
        List<ReportRenderer.Api> apis = policyReports ? List.of(ReportRenderer.Api.OPENREPORTS, ReportRenderer.Api.WGPOLICY)
                : List.of(ReportRenderer.Api.OPENREPORTS);
        for (NamespaceResults r : dirty.values()) {
            for (ReportRenderer.Api api : apis) {
                ObjectNode report = renderer.render(r, api);
                String resource = r.namespace().isEmpty() ? api.clusterResource : api.namespacedResource;
                if (r.summary().total() == 0) {
                    writer.delete(report, resource);
                } else {
                    writer.write(report, resource);
                }
            }
        }
        Summary s = summary;
        summary = new Summary(true, leader.get(), s.lastFullPass(), s.lastFullPassSeconds(), s.objectsAudited(), state.totals(),
                writer.writes(), s.notAudited());
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        state.violations().forEach((v, n) -> rows.add(MultiGauge.Row.of(Tags.of("policy", v.policy(), "action", v.action(),
                "namespace", v.namespace(), "result", v.result()), n)));
        violationGauge.register(rows, true);
    }

    /** The cluster view's client: its responses are read on its own event loop, not the webhook's. */
    private KubernetesClient kube() {
        return ((InformerClusterView) cluster).client();
    }

    /** /status's audit part. */
    ObjectNode status() {
        Summary s = summary;
        ObjectNode out = JSON.createObjectNode();
        out.put("enabled", enabled && cluster instanceof InformerClusterView);
        out.put("leading", leading.get());
        out.put("leader", leader.get());
        out.put("lastFullPass", s.lastFullPass() == null ? null : s.lastFullPass().toString());
        out.put("lastFullPassSeconds", s.lastFullPassSeconds());
        out.put("objectsAudited", s.objectsAudited());
        Map<String, Integer> results = new LinkedHashMap<>();
        results.put("pass", s.results().pass());
        results.put("fail", s.results().fail());
        results.put("warn", s.results().warn());
        results.put("error", s.results().error());
        results.put("skip", s.results().skip());
        out.set("results", JSON.valueToTree(results));
        out.put("reportsWritten", s.reportsWritten());
        out.set("notAudited", JSON.valueToTree(s.notAudited()));
        return out;
    }
}
