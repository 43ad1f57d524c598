package dev.celador.engine.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.engine.AdmissionRequest;
import dev.celador.policy.MatchPolicy;
import dev.celador.policy.ResourceRule;
import java.util.List;

/** Matches a request's resource, subresource, operation and scope against resource rules. */
public final class ResourceRuleMatcher {

    private ResourceRuleMatcher() {
    }

    public static boolean matchesAny(List<ResourceRule> rules, AdmissionRequest request, MatchPolicy matchPolicy) {
        for (ResourceRule rule : rules) {
            if (matches(rule, request, matchPolicy)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Exact compares the resource the client asked for. Equivalent also accepts the resource the
     * object was converted to, and the same group/resource in a version the rule does not list.
     */
    public static boolean matches(ResourceRule rule, AdmissionRequest request, MatchPolicy matchPolicy) {
        if (!operation(rule, request.operation()) || !scope(rule, request) || !resourceName(rule, request.name())) {
            return false;
        }
        JsonNode asked = request.requestResource();
        String askedGroup = asked.path("group").asText("");
        String askedResource = asked.path("resource").asText("");
        String askedVersion = asked.path("version").asText("");
        if (matchesResource(rule, askedGroup, askedVersion, askedResource, request.requestSubResource())) {
            return true;
        }
        if (matchPolicy == MatchPolicy.EXACT) {
            return false;
        }
        if (matchesResource(rule, request.group(), request.version(), request.resource(), request.subResource())) {
            return true;
        }
        return matchesAnyVersion(rule, request.group(), request.resource(), request.subResource());
    }

    private static boolean matchesResource(ResourceRule rule, String group, String version, String resource, String subResource) {
        return contains(rule.apiGroups(), group) && contains(rule.apiVersions(), version)
                && resource(rule.resources(), resource, subResource);
    }

    private static boolean matchesAnyVersion(ResourceRule rule, String group, String resource, String subResource) {
        return contains(rule.apiGroups(), group) && resource(rule.resources(), resource, subResource);
    }

    private static boolean contains(List<String> values, String value) {
        return values.contains("*") || values.contains(value);
    }

    private static boolean operation(ResourceRule rule, String operation) {
        return rule.operations().contains("*") || rule.operations().contains(operation);
    }

    /** "pods" is the main resource only, "pods/*" adds every subresource, "*&#47;scale" one subresource of all. */
    private static boolean resource(List<String> patterns, String resource, String subResource) {
        for (String pattern : patterns) {
            int slash = pattern.indexOf('/');
            String res = slash < 0 ? pattern : pattern.substring(0, slash);
            String sub = slash < 0 ? "" : pattern.substring(slash + 1);
            boolean resMatch = res.equals("*") || res.equals(resource);
            boolean subMatch = sub.equals("*") || sub.equals(subResource);
            if (resMatch && subMatch) {
                return true;
            }
        }
        return false;
    }

    /** Namespace objects are cluster-scoped even though the API server sets their namespace. */
    private static boolean scope(ResourceRule rule, AdmissionRequest request) {
        boolean clusterScoped = request.resource().equals("namespaces") || request.namespace().isEmpty();
        return switch (rule.scope()) {
            case "Cluster" -> clusterScoped;
            case "Namespaced" -> !clusterScoped;
            default -> true;
        };
    }

    private static boolean resourceName(ResourceRule rule, String name) {
        return rule.resourceNames().isEmpty() || rule.resourceNames().contains(name);
    }
}
