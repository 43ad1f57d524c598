package dev.celador.engine;

import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledMutatingPolicy;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.policy.MutatingBinding;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * On reload, a policy that no longer compiles keeps its last good version (and that version's
 * bindings) instead of disappearing: a typo pushed to Git must not switch a check off. A policy
 * removed from the tree, with no problem naming it, is removed.
 */
public final class LastGoodPolicies {

    private LastGoodPolicies() {
    }

    public static CompileResult keep(PolicySnapshot previous, CompileResult next) {
        Set<String> broken = new HashSet<>();
        next.problems().stream().map(Problem::policy).filter(p -> p != null).forEach(broken::add);

        Set<String> loaded = new HashSet<>();
        next.policies().forEach(p -> loaded.add(p.name()));
        List<CompiledPolicy> policies = new ArrayList<>(next.policies());
        List<PolicyBinding> bindings = new ArrayList<>(next.bindings());
        for (CompiledPolicy old : previous.policies()) {
            if (!loaded.contains(old.name()) && broken.contains(old.name())) {
                policies.add(old);
                bindings.removeIf(b -> b.policyName().equals(old.name()));
                bindings.addAll(previous.bindingsOf(old.name()));
            }
        }

        Set<String> mutatingLoaded = new HashSet<>();
        next.mutatingPolicies().forEach(p -> mutatingLoaded.add(p.name()));
        List<CompiledMutatingPolicy> mutating = new ArrayList<>(next.mutatingPolicies());
        List<MutatingBinding> mutatingBindings = new ArrayList<>(next.mutatingBindings());
        for (CompiledMutatingPolicy old : previous.mutatingPolicies()) {
            if (!mutatingLoaded.contains(old.name()) && broken.contains(old.name())) {
                mutating.add(old);
                mutatingBindings.removeIf(b -> b.policyName().equals(old.name()));
                mutatingBindings.addAll(previous.mutatingBindingsOf(old.name()));
            }
        }
        policies.sort(Comparator.comparing(CompiledPolicy::name));
        mutating.sort(Comparator.comparing(CompiledMutatingPolicy::name));
        return new CompileResult(policies, bindings, mutating, mutatingBindings, next.objects(), next.problems(), next.exceptions());
    }
}
