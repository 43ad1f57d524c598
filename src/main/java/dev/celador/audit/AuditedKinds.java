package dev.celador.audit;

import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.policy.ResourceRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kinds a full pass lists: every (apiVersion, resource) that a validating policy's
 * matchConstraints select for UPDATE, spelled out (a wildcard group, version or resource is left
 * out and named by {@link #wildcards}, since listing every kind the cluster serves is the
 * inventory-wide read that makes audits run out of memory). Subresources are never listed.
 */
public record AuditedKinds(Set<Kind> kinds, Set<String> wildcards) {

    /** A resource of one group version. */
    public record Kind(String apiVersion, String resource) implements Comparable<Kind> {
        @Override
        public int compareTo(Kind o) {
            return (apiVersion + " " + resource).compareTo(o.apiVersion + " " + o.resource);
        }
    }

    public static AuditedKinds of(List<CompiledPolicy> policies) {
        Set<Kind> kinds = new TreeSet<>();
        Set<String> wildcards = new TreeSet<>();
        for (CompiledPolicy p : policies) {
            if (p.source().matchConstraints() == null) {
                continue;
            }
            for (ResourceRule rule : p.source().matchConstraints().resourceRules()) {
                if (!rule.operations().contains("UPDATE") && !rule.operations().contains("*")) {
                    continue;
                }
                for (String group : rule.apiGroups()) {
                    for (String version : rule.apiVersions()) {
                        for (String resource : rule.resources()) {
                            if (group.equals("*") || version.equals("*") || resource.contains("*")) {
                                wildcards.add(p.name());
                            } else if (!resource.contains("/")) {
                                kinds.add(new Kind(group.isEmpty() ? version : group + "/" + version, resource));
                            }
                        }
                    }
                }
            }
        }
        return new AuditedKinds(Set.copyOf(kinds), Set.copyOf(wildcards));
    }
}
