package dev.celador.engine;

import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledMutatingPolicy;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.match.RuleIndex;
import dev.celador.policy.MutatingBinding;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.PolicyException;
import dev.celador.policy.Problem;
import dev.celador.view.StaticClusterView;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One loaded policy set, immutable: compiled policies in name order, their bindings, the tree's
 * objects (params) as a view, and the problems found while loading.
 */
public final class PolicySnapshot {

    private final List<CompiledPolicy> policies;
    private final Map<String, List<PolicyBinding>> bindingsByPolicy;
    private final List<CompiledMutatingPolicy> mutatingPolicies;
    private final Map<String, List<MutatingBinding>> mutatingBindingsByPolicy;
    private final StaticClusterView treeObjects;
    private final List<Problem> problems;
    private final RuleIndex validatingIndex;
    private final RuleIndex mutatingIndex;
    private final List<PolicyException> exceptions;
    private final List<com.fasterxml.jackson.databind.JsonNode> objects;

    public PolicySnapshot(CompileResult result) {
        this.objects = result.objects();
        this.policies = result.policies();
        Map<String, List<PolicyBinding>> byPolicy = new HashMap<>();
        for (PolicyBinding b : result.bindings()) {
            byPolicy.computeIfAbsent(b.policyName(), k -> new ArrayList<>()).add(b);
        }
        byPolicy.replaceAll((k, v) -> List.copyOf(v));
        this.bindingsByPolicy = Map.copyOf(byPolicy);
        this.mutatingPolicies = result.mutatingPolicies();
        Map<String, List<MutatingBinding>> mutatingByPolicy = new HashMap<>();
        for (MutatingBinding b : result.mutatingBindings()) {
            mutatingByPolicy.computeIfAbsent(b.policyName(), k -> new ArrayList<>()).add(b);
        }
        mutatingByPolicy.replaceAll((k, v) -> List.copyOf(v));
        this.mutatingBindingsByPolicy = Map.copyOf(mutatingByPolicy);
        this.treeObjects = new StaticClusterView(result.objects());
        this.problems = result.problems();
        this.validatingIndex = new RuleIndex(policies.stream().map(p -> p.source().matchConstraints()).toList());
        this.mutatingIndex = new RuleIndex(mutatingPolicies.stream().map(p -> p.source().matchConstraints()).toList());
        this.exceptions = result.exceptions().stream().sorted(java.util.Comparator.comparing(PolicyException::id)).toList();
    }

    /**
     * The validating policies named, with their bindings, the tree's params and its exceptions, and
     * no mutating policy: what a pass that judges objects again with changed policies only runs.
     */
    public PolicySnapshot validatingOnly(java.util.Set<String> names) {
        List<CompiledPolicy> kept = policies.stream().filter(p -> names.contains(p.name())).toList();
        List<PolicyBinding> bindings = kept.stream().flatMap(p -> bindingsOf(p.name()).stream()).toList();
        return new PolicySnapshot(new CompileResult(kept, bindings, List.of(), List.of(), objects, List.of(), exceptions));
    }

    public static PolicySnapshot empty() {
        return new PolicySnapshot(new CompileResult(List.of(), List.of(), List.of(), List.of()));
    }

    public List<CompiledPolicy> policies() {
        return policies;
    }

    /**
     * The policies whose matchConstraints' resourceRules could select the request, in name order:
     * a superset of those that match, found through the rule index instead of a scan.
     */
    public List<CompiledPolicy> candidatePolicies(AdmissionRequest request) {
        return select(policies, validatingIndex.candidates(request));
    }

    /** The mutating policies that could match the request, in the order they apply in. */
    public List<CompiledMutatingPolicy> candidateMutatingPolicies(AdmissionRequest request) {
        return select(mutatingPolicies, mutatingIndex.candidates(request));
    }

    private static <T> List<T> select(List<T> all, BitSet positions) {
        if (positions.cardinality() == all.size()) {
            return all;
        }
        List<T> out = new ArrayList<>(positions.cardinality());
        for (int i = positions.nextSetBit(0); i >= 0; i = positions.nextSetBit(i + 1)) {
            out.add(all.get(i));
        }
        return out;
    }

    public List<PolicyBinding> bindingsOf(String policy) {
        return bindingsByPolicy.getOrDefault(policy, List.of());
    }

    /** Mutating policies in name order, the order they apply in. */
    public List<CompiledMutatingPolicy> mutatingPolicies() {
        return mutatingPolicies;
    }

    public List<MutatingBinding> mutatingBindingsOf(String policy) {
        return mutatingBindingsByPolicy.getOrDefault(policy, List.of());
    }

    public StaticClusterView treeObjects() {
        return treeObjects;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The policy exceptions of the tree (expired ones too: expiry is checked per request). */
    public List<PolicyException> exceptions() {
        return exceptions;
    }
}
