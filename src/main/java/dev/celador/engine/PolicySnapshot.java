package dev.celador.engine;

import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledMutatingPolicy;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.policy.MutatingBinding;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.Problem;
import dev.celador.view.StaticClusterView;
import java.util.ArrayList;
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

    public PolicySnapshot(CompileResult result) {
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
    }

    public static PolicySnapshot empty() {
        return new PolicySnapshot(new CompileResult(List.of(), List.of(), List.of(), List.of()));
    }

    public List<CompiledPolicy> policies() {
        return policies;
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
}
