package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.celador.cel.CelToJson;
import dev.celador.cel.ClusterLookups;
import dev.celador.cel.CostBudget;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.PolicyActivation;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.RequestContext;
import dev.celador.engine.compile.CompiledMutatingPolicy;
import dev.celador.engine.compile.CompiledMutation;
import dev.celador.engine.match.AdmissionMatcher;
import dev.celador.engine.match.MatchOutcome;
import dev.celador.engine.validate.ParamResolution;
import dev.celador.engine.validate.ParamResolver;
import dev.celador.policy.FailurePolicy;
import dev.celador.policy.MutatingBinding;
import dev.celador.policy.Mutation;
import dev.celador.view.ClusterView;
import dev.celador.view.LayeredClusterView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies mutating policies in name order, each on the result of the previous, then once more
 * those with reinvocationPolicy IfNeeded that ran the first time, when the object changed. The patch
 * is computed once, at the end, by diffing the original and the final object.
 */
public final class Mutator {

    private final PolicySnapshot snapshot;
    private final ClusterView cluster;

    public Mutator(PolicySnapshot snapshot, ClusterView cluster) {
        this.snapshot = snapshot;
        this.cluster = cluster;
    }

    public MutationVerdict mutate(AdmissionRequest request) {
        return mutate(request, true);
    }

    /** mayBlock false: null when a lookup missed the cache and only the API server could confirm it. */
    public MutationVerdict mutate(AdmissionRequest request, boolean mayBlock) {
        JsonNode original = request.object();
        List<CompiledMutatingPolicy> candidates = original == null ? List.of() : snapshot.candidateMutatingPolicies(request);
        if (candidates.isEmpty()) {
            // Nothing can match: no lookups bound, no diff of the object with itself.
            return new MutationVerdict(request.uid(), true, 200, null, null, original, JsonNodeFactory.instance.arrayNode(), List.of());
        }
        ClusterView params = new LayeredClusterView(snapshot.treeObjects(), cluster);
        List<MutationResult> results = new ArrayList<>();
        JsonNode current;
        ClusterLookups lookups = new ClusterLookups(cluster, mayBlock);
        try {
            current = lookups.run(() -> {
                JsonNode object = pass(candidates, request, original, params, results, null);
                if (!object.equals(original) && firstError(results) == null) {
                    // As the API server: only the invocations that ran (matched, their matchConditions
                    // true) are reinvoked; one skipped the first time stays skipped.
                    java.util.Set<String> invoked = new java.util.HashSet<>();
                    results.stream().filter(r -> r.outcome() == MutationResult.Outcome.APPLIED || r.outcome() == MutationResult.Outcome.UNCHANGED)
                            .forEach(r -> invoked.add(invocation(r.policy(), r.binding())));
                    List<CompiledMutatingPolicy> reinvoked = candidates.stream()
                            .filter(p -> p.source().reinvoke()).toList();
                    object = pass(reinvoked, request, object, params, results, invoked);
                }
                return object;
            });
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("mutation escaped its error handling", e);
        }
        if (lookups.unconfirmed()) {
            return null;
        }
        MutationResult denied = firstError(results);
        if (denied != null) {
            // As the API server answers a failed MutatingAdmissionPolicy: 403 with reason Invalid
            // (admission.NewForbidden, its reason replaced by the policy error's StatusReasonInvalid).
            return new MutationVerdict(request.uid(), false, 403, "Invalid",
                    denied.describe() + " denied request: " + denied.message(), original, JsonNodeFactory.instance.arrayNode(), results);
        }
        // The same node means no policy changed anything: the patch is empty without a diff.
        ArrayNode patch = current == original ? JsonNodeFactory.instance.arrayNode() : JsonPatchDiff.diff(original, current);
        return new MutationVerdict(request.uid(), true, 200, null, null, current, patch, results);
    }

    private static MutationResult firstError(List<MutationResult> results) {
        return results.stream().filter(r -> r.outcome() == MutationResult.Outcome.ERROR && r.failurePolicy() == FailurePolicy.FAIL)
                .findFirst().orElse(null);
    }

    private static String invocation(String policy, String binding) {
        return policy + '\u0000' + binding;
    }

    /** One pass over the policies in order; with {@code only}, just the invocations it names. */
    private JsonNode pass(List<CompiledMutatingPolicy> policies, AdmissionRequest request, JsonNode object, ClusterView params,
            List<MutationResult> results, java.util.Set<String> only) {
        JsonNode current = object;
        for (CompiledMutatingPolicy policy : policies) {
            List<MutatingBinding> bindings = snapshot.mutatingBindingsOf(policy.name()).stream()
                    .filter(b -> only == null || only.contains(invocation(policy.name(), b.name()))).toList();
            if (bindings.isEmpty()) {
                continue;
            }
            AdmissionRequest now = request.withObject(current);
            MatchOutcome match = AdmissionMatcher.matches(policy.source().matchConstraints(), now, cluster);
            if (!match.matches() && !match.isError()) {
                continue;
            }
            for (MutatingBinding binding : bindings) {
                Applied applied = apply(policy, binding, match, current == now.object() ? now : request.withObject(current), params);
                results.add(applied.result());
                if (applied.result().outcome() == MutationResult.Outcome.APPLIED) {
                    current = applied.object();
                } else if (applied.result().outcome() == MutationResult.Outcome.ERROR
                        && policy.source().failurePolicy() == FailurePolicy.FAIL) {
                    return current;
                }
                // Under Ignore, a failed policy contributes nothing and the request goes on.
            }
        }
        return current;
    }

    /** A policy's result and the object it produced (the input when it changed nothing). */
    private record Applied(MutationResult result, JsonNode object) {
    }

    private Applied apply(CompiledMutatingPolicy policy, MutatingBinding binding, MatchOutcome policyMatch,
            AdmissionRequest request, ClusterView paramSource) {
        if (policyMatch.isError()) {
            return unchanged(request, result(policy, binding, MutationResult.Outcome.ERROR, "failed to configure policy: " + policyMatch.error()));
        }
        if (binding.matchResources() != null) {
            MatchOutcome m = AdmissionMatcher.matches(binding.matchResources(), request, cluster);
            if (m.isError()) {
                return unchanged(request, result(policy, binding, MutationResult.Outcome.ERROR, "failed to configure binding: " + m.error()));
            }
            if (!m.matches()) {
                return unchanged(request, result(policy, binding, MutationResult.Outcome.SKIP, null));
            }
        }
        if (policy.loadError() != null) {
            return unchanged(request, result(policy, binding, MutationResult.Outcome.ERROR, policy.loadError()));
        }
        RequestContext first = new RequestContext(request, cluster);
        ParamResolution params = ParamResolver.resolve(policy.source().paramKind(), binding.paramRef(), paramSource, first);
        if (params.isError()) {
            return unchanged(request, result(policy, binding, MutationResult.Outcome.ERROR, "failed to configure binding: " + params.error()));
        }
        JsonNode object = request.object();
        boolean matched = false;
        for (Object param : params.params()) {
            try {
                JsonNode start = object;
                AdmissionRequest on = start == request.object() ? request : request.withObject(start);
                JsonNode out = CostBudget.standard().run(() -> applyMutations(policy, param, on));
                if (out != null) {
                    matched = true;
                    object = out;
                }
            } catch (CelEvaluationException e) {
                return unchanged(request, result(policy, binding, MutationResult.Outcome.ERROR, errorText(request, PolicyActivation.describe(e))));
            } catch (MutationFailure e) {
                return unchanged(request, result(policy, binding, MutationResult.Outcome.ERROR, errorText(request, e.getMessage())));
            }
        }
        if (!matched) {
            return unchanged(request, result(policy, binding, MutationResult.Outcome.SKIP, null));
        }
        if (object.equals(request.object())) {
            return new Applied(result(policy, binding, MutationResult.Outcome.UNCHANGED, null), object);
        }
        return new Applied(new MutationResult(policy.name(), policy.source().kind(), binding.name(), MutationResult.Outcome.APPLIED,
                policy.source().failurePolicy(), null, request.object(), object), object);
    }

    /**
     * A mutation's error on a Secret may quote what it computed from the Secret's values, which
     * are never quoted: only that it failed is said.
     */
    static final String SECRET_ERROR = "the mutation failed on a Secret; the error is not shown, as it may quote the Secret's values";

    private static String errorText(AdmissionRequest request, String error) {
        return request.isSecret() ? SECRET_ERROR : error;
    }

    private static Applied unchanged(AdmissionRequest request, MutationResult result) {
        return new Applied(result, request.object());
    }

    /** Runs one policy's mutations in order, each on the previous result; null when matchConditions skip it. */
    private JsonNode applyMutations(CompiledMutatingPolicy policy, Object param, AdmissionRequest request) throws CelEvaluationException {
        JsonNode object = request.object();
        RequestContext ctx = new RequestContext(request, cluster);
        Map<String, Object> activation = PolicyActivation.of(policy.variables(), param, ctx);
        PolicyActivation.Conditions conditions = PolicyActivation.conditions(policy.matchConditions(), activation);
        if (!conditions.matched()) {
            return null;
        }
        if (conditions.error() != null) {
            throw new MutationFailure(conditions.error());
        }
        for (CompiledMutation mutation : policy.mutations()) {
            Object value = mutation.expression().evaluate(activation);
            JsonNode result;
            try {
                result = CelToJson.convert(value);
            } catch (IllegalArgumentException e) {
                throw new MutationFailure(mutation.source().patchType().wireName() + " expression result: " + e.getMessage());
            }
            try {
                object = mutation.source().patchType() == Mutation.PatchType.APPLY_CONFIGURATION
                        ? ApplyConfigurationMerge.apply(object, result)
                        : JsonPatches.apply(object, result);
            } catch (MutationException e) {
                throw new MutationFailure(mutation.source().patchType().wireName() + " could not be applied: " + e.getMessage());
            }
            if (mutation != policy.mutations().get(policy.mutations().size() - 1)) {
                ctx = new RequestContext(request.withObject(object), cluster);
                activation = PolicyActivation.of(policy.variables(), param, ctx);
            }
        }
        return object;
    }

    private static MutationResult result(CompiledMutatingPolicy policy, MutatingBinding binding, MutationResult.Outcome outcome,
            String message) {
        return new MutationResult(policy.name(), policy.source().kind(), binding.name(), outcome, policy.source().failurePolicy(), message);
    }

    /** A mutation that cannot be applied: an evaluation value, not a crash. */
    private static final class MutationFailure extends RuntimeException {
        MutationFailure(String message) {
            super(message, null, false, false);
        }
    }
}
