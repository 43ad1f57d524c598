package dev.celador.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Everything read from a policy tree: policies, bindings, the other objects (usable as params),
 * policy exceptions and every problem found. A document with problems contributes nothing but its
 * problems.
 */
public record PolicySet(
        List<ValidatingPolicy> policies,
        List<PolicyBinding> bindings,
        List<MutatingPolicy> mutatingPolicies,
        List<MutatingBinding> mutatingBindings,
        List<JsonNode> objects,
        List<Problem> problems,
        List<PolicyException> exceptions) {

    public PolicySet {
        policies = List.copyOf(policies);
        bindings = List.copyOf(bindings);
        mutatingPolicies = List.copyOf(mutatingPolicies);
        mutatingBindings = List.copyOf(mutatingBindings);
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
        exceptions = List.copyOf(exceptions);
    }

    /** A set without policy exceptions. */
    public PolicySet(List<ValidatingPolicy> policies, List<PolicyBinding> bindings, List<MutatingPolicy> mutatingPolicies,
            List<MutatingBinding> mutatingBindings, List<JsonNode> objects, List<Problem> problems) {
        this(policies, bindings, mutatingPolicies, mutatingBindings, objects, problems, List.of());
    }

    /** A set with validating policies only. */
    public PolicySet(List<ValidatingPolicy> policies, List<PolicyBinding> bindings, List<JsonNode> objects, List<Problem> problems) {
        this(policies, bindings, List.of(), List.of(), objects, problems);
    }
}
