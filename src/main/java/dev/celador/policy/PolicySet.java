package dev.celador.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Everything read from a policy tree: policies, bindings, the other objects (usable as params)
 * and every problem found. A document with problems contributes nothing but its problems.
 */
public record PolicySet(
        List<ValidatingPolicy> policies,
        List<PolicyBinding> bindings,
        List<MutatingPolicy> mutatingPolicies,
        List<MutatingBinding> mutatingBindings,
        List<JsonNode> objects,
        List<Problem> problems) {

    public PolicySet {
        policies = List.copyOf(policies);
        bindings = List.copyOf(bindings);
        mutatingPolicies = List.copyOf(mutatingPolicies);
        mutatingBindings = List.copyOf(mutatingBindings);
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }

    /** A set with validating policies only. */
    public PolicySet(List<ValidatingPolicy> policies, List<PolicyBinding> bindings, List<JsonNode> objects, List<Problem> problems) {
        this(policies, bindings, List.of(), List.of(), objects, problems);
    }
}
