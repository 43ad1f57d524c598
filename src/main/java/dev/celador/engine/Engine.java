package dev.celador.engine;

import dev.cel.runtime.CelEvaluationException;
import dev.celador.cel.ClusterLookups;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.match.AdmissionMatcher;
import dev.celador.engine.match.ExceptionMatcher;
import dev.celador.engine.mutate.MutationVerdict;
import dev.celador.engine.mutate.Mutator;
import dev.celador.engine.match.MatchOutcome;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.BindingEvaluator;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.ParamResolution;
import dev.celador.engine.validate.ParamResolver;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.PolicyException;
import dev.celador.policy.ValidationAction;
import dev.celador.view.ClusterView;
import dev.celador.view.LayeredClusterView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine facade both front ends call: one request in, one verdict out. Policies run in
 * name order and bindings in name order, so the answer is deterministic.
 */
public final class Engine {

    private final PolicyRegistry registry;
    private final ClusterView cluster;
    private final ClusterExceptions clusterExceptions;

    public Engine(PolicyRegistry registry, ClusterView cluster) {
        this(registry, cluster, ClusterExceptions.NONE);
    }

    /** An engine that also applies the PolicyException objects of the cluster's trusted namespaces. */
    public Engine(PolicyRegistry registry, ClusterView cluster, ClusterExceptions clusterExceptions) {
        this.registry = registry;
        this.cluster = cluster;
        this.clusterExceptions = clusterExceptions;
    }

    public ClusterExceptions clusterExceptions() {
        return clusterExceptions;
    }

    public PolicyRegistry registry() {
        return registry;
    }

    /**
     * Answers a request that arrives before the first policy load finished: refused, never allowed
     * unevaluated (the pod is not ready yet, so only a caller that bypasses the Service gets here).
     */
    public static final String NOT_LOADED = "celador is starting: its policies are not loaded yet, so the request cannot be evaluated; retry shortly";

    /** Runs the mutating policies; the verdict carries the patch from the request's object to the result. */
    public MutationVerdict mutate(AdmissionRequest request) {
        return mutate(request, true);
    }

    /**
     * As {@link #mutate}, on a thread that must not wait (the event loop): null when a lookup
     * missed its cache and only a read from the API server can tell; call mutate where waiting is fine.
     */
    public MutationVerdict mutateWithoutWaiting(AdmissionRequest request) {
        return mutate(request, false);
    }

    private MutationVerdict mutate(AdmissionRequest request, boolean mayBlock) {
        PolicySnapshot snapshot = registry.current();
        if (snapshot == null) {
            return MutationVerdict.unavailable(request.uid(), request.object(), NOT_LOADED);
        }
        MutationVerdict verdict = new Mutator(snapshot, cluster).mutate(request, mayBlock);
        if (verdict == null) {
            return null;
        }
        SecretRedactor redactor = SecretRedactor.forRequest(request);
        return redactor.isEmpty() || verdict.message() == null ? verdict
                : new MutationVerdict(verdict.uid(), verdict.allowed(), verdict.code(), verdict.reason(), redactor.redact(verdict.message()),
                        verdict.mutated(), verdict.patch(), verdict.results());
    }

    public AdmissionVerdict validate(AdmissionRequest request) {
        return validate(request, true);
    }

    /** As {@link #validate}, on a thread that must not wait: null when a lookup's cache miss needs the API server. */
    public AdmissionVerdict validateWithoutWaiting(AdmissionRequest request) {
        return validate(request, false);
    }

    private AdmissionVerdict validate(AdmissionRequest request, boolean mayBlock) {
        PolicySnapshot snapshot = registry.current();
        if (snapshot == null) {
            return AdmissionVerdict.unavailable(request.uid(), NOT_LOADED);
        }
        RequestContext ctx = new RequestContext(request, cluster);
        ClusterView params = new LayeredClusterView(snapshot.treeObjects(), cluster);
        List<PolicyResult> results;
        ClusterLookups lookups = new ClusterLookups(cluster, mayBlock);
        try {
            results = lookups.run(() -> evaluateAll(snapshot, params, ctx));
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("policy evaluation escaped its error handling", e);
        }
        if (lookups.unconfirmed()) {
            return null;
        }
        SecretRedactor redactor = SecretRedactor.forRequest(request);
        AdmissionVerdict verdict = AdmissionVerdict.assemble(request.uid(), redactor.isEmpty() ? results : redact(results, redactor));
        return PolicyExceptionWrite.isPolicyException(request) ? PolicyExceptionWrite.review(verdict, request, snapshot, clusterExceptions)
                : verdict;
    }

    private List<PolicyResult> evaluateAll(PolicySnapshot snapshot, ClusterView params, RequestContext ctx) {
        AdmissionRequest request = ctx.request();
        List<PolicyResult> results = new ArrayList<>();
        List<PolicyException> exceptions = exceptions(snapshot);
        Instant now = exceptions.isEmpty() ? null : Instant.now();
        for (CompiledPolicy policy : snapshot.candidatePolicies(request)) {
            List<PolicyBinding> bindings = snapshot.bindingsOf(policy.name());
            if (bindings.isEmpty()) {
                continue; // A native policy acts only through its bindings.
            }
            MatchOutcome policyMatch = AdmissionMatcher.matches(policy.source().matchConstraints(), request, cluster);
            if (!policyMatch.matches() && !policyMatch.isError()) {
                continue;
            }
            List<PolicyException> applying = exceptions.isEmpty() ? List.of()
                    : ExceptionMatcher.applying(exceptions, policy.name(), request, now);
            for (PolicyBinding binding : bindings) {
                results.add(Exemptions.apply(evaluate(policy, binding, policyMatch, params, ctx), policy, applying));
            }
        }
        return results;
    }

    /** The tree's exceptions and the cluster's trusted ones, by id (an exception's order decides which one a result names). */
    private List<PolicyException> exceptions(PolicySnapshot snapshot) {
        List<PolicyException> fromCluster = clusterExceptions.current();
        if (fromCluster.isEmpty()) {
            return snapshot.exceptions();
        }
        if (snapshot.exceptions().isEmpty()) {
            return fromCluster;
        }
        List<PolicyException> all = new ArrayList<>(snapshot.exceptions());
        all.addAll(fromCluster);
        all.sort(java.util.Comparator.comparing(PolicyException::id));
        return all;
    }

    private PolicyResult evaluate(CompiledPolicy policy, PolicyBinding binding, MatchOutcome policyMatch,
            ClusterView paramSource, RequestContext ctx) {
        if (policyMatch.isError()) {
            return configError(policy, binding, "failed to configure policy: " + policyMatch.error());
        }
        if (binding.matchResources() != null) {
            MatchOutcome bindingMatch = AdmissionMatcher.matches(binding.matchResources(), ctx.request(), cluster);
            if (bindingMatch.isError()) {
                return configError(policy, binding, "failed to configure binding: " + bindingMatch.error());
            }
            if (!bindingMatch.matches()) {
                return result(policy, binding, Outcome.SKIP, binding.validationActions(), List.of(), Map.of());
            }
        }
        if (policy.loadError() != null) {
            return configError(policy, binding, policy.loadError());
        }
        ParamResolution params = ParamResolver.resolve(policy.source().paramKind(), binding.paramRef(), paramSource, ctx);
        if (params.isError()) {
            return configError(policy, binding, "failed to configure binding: " + params.error());
        }
        boolean matched = false;
        List<Violation> violations = new ArrayList<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Object param : params.params()) {
            BindingEvaluator.Evaluation e = BindingEvaluator.evaluate(policy, param, ctx);
            matched |= e.matched();
            violations.addAll(e.violations());
            e.auditAnnotations().forEach((k, v) -> annotations.merge(k, v, (a, b) -> a.equals(b) ? a : a + ", " + b));
        }
        if (!matched) {
            return result(policy, binding, Outcome.SKIP, binding.validationActions(), List.of(), Map.of());
        }
        Outcome outcome = violations.stream().anyMatch(v -> !v.error()) ? Outcome.FAIL
                : violations.isEmpty() ? Outcome.PASS : Outcome.ERROR;
        return result(policy, binding, outcome, binding.validationActions(), violations, annotations);
    }

    private static PolicyResult configError(CompiledPolicy policy, PolicyBinding binding, String message) {
        return result(policy, binding, Outcome.ERROR, List.of(ValidationAction.DENY), List.of(Violation.error(-1, message)), Map.of());
    }

    private static PolicyResult result(CompiledPolicy policy, PolicyBinding binding, Outcome outcome,
            List<ValidationAction> actions, List<Violation> violations, Map<String, String> annotations) {
        return new PolicyResult(policy.name(), policy.source().kind(), binding.name(), outcome, actions,
                policy.source().failurePolicy(), violations, annotations);
    }

    /** Every message and annotation is derived from the results, so redacting them covers the verdict. */
    private static List<PolicyResult> redact(List<PolicyResult> results, SecretRedactor r) {
        return results.stream().map(p -> new PolicyResult(p.policy(), p.policyKind(), p.binding(),
                p.outcome(), p.actions(), p.failurePolicy(),
                p.violations().stream().map(x -> new Violation(x.index(), r.redact(x.message()), x.reason(), x.error())).toList(),
                redactValues(p.auditAnnotations(), r), p.exemption())).toList();
    }

    private static Map<String, String> redactValues(Map<String, String> map, SecretRedactor r) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, val) -> out.put(k, r.redact(val)));
        return out;
    }
}
