package dev.celador.engine.compile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.policy.MutatingBinding;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.PolicyException;
import dev.celador.policy.Problem;
import java.util.List;

/**
 * The outcome of compiling a PolicySet: the policies that compiled (sorted by name), the
 * bindings that point at them (sorted by name), the tree's other objects, its policy exceptions
 * (which name policies but need no compiling) and every problem.
 */
public record CompileResult(
        List<CompiledPolicy> policies,
        List<PolicyBinding> bindings,
        List<CompiledMutatingPolicy> mutatingPolicies,
        List<MutatingBinding> mutatingBindings,
        List<JsonNode> objects,
        List<Problem> problems,
        List<PolicyException> exceptions) {

    public CompileResult {
        exceptions = List.copyOf(exceptions);
        policies = List.copyOf(policies);
        bindings = List.copyOf(bindings);
        mutatingPolicies = List.copyOf(mutatingPolicies);
        mutatingBindings = List.copyOf(mutatingBindings);
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }

    /** A result without policy exceptions. */
    public CompileResult(List<CompiledPolicy> policies, List<PolicyBinding> bindings, List<CompiledMutatingPolicy> mutatingPolicies,
            List<MutatingBinding> mutatingBindings, List<JsonNode> objects, List<Problem> problems) {
        this(policies, bindings, mutatingPolicies, mutatingBindings, objects, problems, List.of());
    }

    /** A result with validating policies only. */
    public CompileResult(List<CompiledPolicy> policies, List<PolicyBinding> bindings, List<JsonNode> objects, List<Problem> problems) {
        this(policies, bindings, List.of(), List.of(), objects, problems);
    }
}
