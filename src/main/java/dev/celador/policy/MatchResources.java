package dev.celador.policy;

import java.util.List;

/** matchConstraints of a policy or matchResources of a binding. */
public record MatchResources(
        LabelSelector namespaceSelector,
        LabelSelector objectSelector,
        List<ResourceRule> resourceRules,
        List<ResourceRule> excludeResourceRules,
        MatchPolicy matchPolicy) {

    public MatchResources {
        resourceRules = List.copyOf(resourceRules);
        excludeResourceRules = List.copyOf(excludeResourceRules);
    }
}
