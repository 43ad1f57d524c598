package dev.celador.policy;

import java.util.List;

/** One entry of resourceRules / excludeResourceRules (a NamedRuleWithOperations). */
public record ResourceRule(
        List<String> apiGroups,
        List<String> apiVersions,
        List<String> resources,
        List<String> operations,
        List<String> resourceNames,
        String scope) {

    public ResourceRule {
        apiGroups = List.copyOf(apiGroups);
        apiVersions = List.copyOf(apiVersions);
        resources = List.copyOf(resources);
        operations = List.copyOf(operations);
        resourceNames = List.copyOf(resourceNames);
        scope = scope == null ? "*" : scope;
    }
}
