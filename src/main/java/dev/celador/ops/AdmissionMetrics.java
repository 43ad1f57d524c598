package dev.celador.ops;

import dev.celador.engine.ClusterExceptions;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.mutate.MutationResult;
import dev.celador.engine.mutate.MutationVerdict;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.view.ClusterView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics of the webhook (served at /q/metrics). Tags carry endpoint, result and policy
 * names only: never object names, namespaces, users or anything from the object, so cardinality
 * stays bounded by the policy set and no Secret value can reach a label.
 *
 * <ul>
 * <li>{@code celador_admission_requests_total{endpoint, result=allowed|denied|warned}} (endpoint validate, mutate,
 * or policy-source: writes of the policy ConfigMap)</li>
 * <li>{@code celador_admission_duration_seconds{endpoint}}, a histogram (body read to verdict)</li>
 * <li>{@code celador_policy_results_total{policy, result=pass|fail|warn|error|skip|applied|unchanged}}</li>
 * <li>{@code celador_evaluation_errors_total{policy}}</li>
 * <li>{@code celador_policy_exceptions_applied_total{policy, exception}}: requests a policy exception lifted a
 * policy (or some of its validations) for; exceptions come only from the policy tree and trusted
 * namespaces, so their names are an administrator's, as bounded as the policy names</li>
 * <li>{@code celador_policy_exceptions_ignored}: PolicyException objects that exist but are not applied
 * (outside the trusted namespaces, or invalid); /status lists them</li>
 * <li>{@code celador_policy_reloads_total{outcome=ok|failed}}, {@code celador_policies_active{type}},
 * {@code celador_policy_problems}</li>
 * <li>{@code celador_cluster_cache_synced} (1 or 0)</li>
 * <li>{@code celador_cluster_live_reads_total{outcome=ok|failed}}: cache misses of lookups confirmed
 * with the API server</li>
 * </ul>
 */
@Startup
@Singleton
public final class AdmissionMetrics {

    static final String VALIDATE = "validate";
    static final String MUTATE = "mutate";
    static final String POLICY_SOURCE = "policy-source";

    private final MeterRegistry meters;
    private final Timer validateTimer;
    private final Timer mutateTimer;
    private final Timer policySourceTimer;
    private final Counter reloadsOk;
    private final Counter reloadsFailed;
    /**
     * Counters by their tag values: registering looks the meter up by a freshly built id, which cost
     * more than the rest of the request's metrics together once a dozen policies answer each request.
     */
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

    /** A counter's name and tags; its hash comes from the strings' cached hashes, nothing is built per call. */
    private record CounterKey(String name, List<String> tags) {
    }

    /** Metrics of a webhook that applies no cluster exceptions. */
    public AdmissionMetrics(MeterRegistry meters, PolicyRegistry policies, ClusterView cluster) {
        this(meters, policies, cluster, ClusterExceptions.NONE);
    }

    @Inject
    public AdmissionMetrics(MeterRegistry meters, PolicyRegistry policies, ClusterView cluster, ClusterExceptions exceptions) {
        this.meters = meters;
        this.validateTimer = timer(VALIDATE);
        this.mutateTimer = timer(MUTATE);
        this.policySourceTimer = timer(POLICY_SOURCE);
        this.reloadsOk = reloads("ok");
        this.reloadsFailed = reloads("failed");
        // Before the first load finishes the registry holds no set: the gauges read 0 then.
        Gauge.builder("celador.policies.active", policies, p -> p.isLoaded() ? p.current().policies().size() : 0)
                .description("Active validating policies").tag("type", "validating").strongReference(true).register(meters);
        Gauge.builder("celador.policies.active", policies, p -> p.isLoaded() ? p.current().mutatingPolicies().size() : 0)
                .description("Active mutating policies").tag("type", "mutating").strongReference(true).register(meters);
        Gauge.builder("celador.policy.problems", policies, p -> p.isLoaded() ? p.current().problems().size() : 0)
                .description("Problems found by the last policy load").strongReference(true).register(meters);
        Gauge.builder("celador.cluster.cache.synced", cluster, v -> v.isSynced() ? 1 : 0)
                .description("1 once the cluster caches have listed what the policies look up").strongReference(true).register(meters);
        if (cluster instanceof dev.celador.cluster.InformerClusterView informers) {
            io.micrometer.core.instrument.FunctionCounter.builder("celador.cluster.live.reads", informers,
                    v -> v.liveReads() - v.liveReadFailures()).tag("outcome", "ok")
                    .description("Lookups that missed their cache and were read from the API server").register(meters);
            io.micrometer.core.instrument.FunctionCounter.builder("celador.cluster.live.reads", informers,
                    v -> v.liveReadFailures()).tag("outcome", "failed")
                    .description("Lookups that missed their cache and whose read from the API server failed").register(meters);
        }
        Gauge.builder("celador.policy.exceptions.ignored", exceptions, e -> e.ignored().size())
                .description("PolicyException objects not applied: outside the trusted namespaces, or invalid").strongReference(true)
                .register(meters);
    }

    /** One validating request answered; startNanos is System.nanoTime() when its body arrived. */
    public void validated(AdmissionVerdict verdict, long startNanos) {
        validateTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        String result = !verdict.allowed() ? "denied" : verdict.warnings().isEmpty() ? "allowed" : "warned";
        requests(VALIDATE, result).increment();
        for (PolicyResult r : verdict.results()) {
            policyResult(r.policy(), r.result());
            if (r.outcome() == Outcome.ERROR || hasError(r)) {
                evaluationError(r.policy());
            }
            if (r.exemption() != null) {
                counter("celador.policy.exceptions.applied", "Requests a policy exception lifted a policy for", "policy",
                        String.valueOf(r.policy()), "exception", r.exemption().exception()).increment();
            }
        }
    }

    private static boolean hasError(PolicyResult r) {
        for (Violation v : r.violations()) {
            if (v.error()) {
                return true;
            }
        }
        return false;
    }

    /** One mutating request answered; startNanos is System.nanoTime() when its body arrived. */
    public void mutated(MutationVerdict verdict, long startNanos) {
        mutateTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        requests(MUTATE, verdict.allowed() ? "allowed" : "denied").increment();
        for (MutationResult r : verdict.results()) {
            policyResult(r.policy(), r.result());
            if (r.outcome() == MutationResult.Outcome.ERROR) {
                evaluationError(r.policy());
            }
        }
    }

    /** One write of a policy ConfigMap checked (see PolicySourceCheck); startNanos as for validated. */
    public void policySourceChecked(AdmissionVerdict verdict, long startNanos) {
        policySourceTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        requests(POLICY_SOURCE, verdict.allowed() ? "allowed" : "denied").increment();
    }

    /** A reload swapped in a new set (its problems show in celador_policy_problems). */
    public void reloaded() {
        reloadsOk.increment();
    }

    /** A reload failed and the active set stayed as it was. */
    public void reloadFailed() {
        reloadsFailed.increment();
    }

    private Counter requests(String endpoint, String result) {
        return counter("celador.admission.requests", "Admission requests answered", "endpoint", endpoint, "result", result);
    }

    private void policyResult(String policy, String result) {
        counter("celador.policy.results", "Results of each policy, per request", "policy", String.valueOf(policy), "result", result)
                .increment();
    }

    private void evaluationError(String policy) {
        counter("celador.evaluation.errors", "Policy evaluations that ended in an error", "policy", String.valueOf(policy)).increment();
    }

    /** The counter of name with these tags (key, value, ...), registered on first use. */
    private Counter counter(String name, String description, String... tags) {
        CounterKey key = new CounterKey(name, Arrays.asList(tags));
        Counter counter = counters.get(key);
        return counter != null ? counter
                : counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags).register(meters));
    }

    private Timer timer(String endpoint) {
        return Timer.builder("celador.admission.duration").description("Time from request body to verdict")
                .tag("endpoint", endpoint).publishPercentileHistogram().register(meters);
    }

    private Counter reloads(String outcome) {
        return Counter.builder("celador.policy.reloads").description("Policy directory reloads")
                .tag("outcome", outcome).register(meters);
    }
}
