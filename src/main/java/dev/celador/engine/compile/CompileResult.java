package dev.celador.engine.compile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.policy.MutatingBinding;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.Problem;
import java.util.List;

/**
 * The outcome of compiling a PolicySet: the policies that compiled (sorted by name), the
 * bindings that point at them (sorted by name), the tree's other objects and every problem.
 */
public record CompileResult(
        List<CompiledPolicy> policies,
        List<PolicyBinding> bindings,
        List<CompiledMutatingPolicy> mutatingPolicies,
        List<MutatingBinding> mutatingBindings,
        List<JsonNode> objects,
        List<Problem> problems) {

    public CompileResult {
        policies = List.copyOf(policies);
        bindings = List.copyOf(bindings);
        mutatingPolicies = List.copyOf(mutatingPolicies);
        mutatingBindings = List.copyOf(mutatingBindings);
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }

    /** A result with validating policies only. */
    public CompileResult(List<CompiledPolicy> policies, List<PolicyBinding> bindings, List<JsonNode> objects, List<Problem> problems) {
        this(policies, bindings, List.of(), List.of(), objects, problems);
    }
}
