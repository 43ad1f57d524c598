package dev.celador.policy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A celador.dev/v1alpha1 PolicyException: lifts named policies (or single validations of them)
 * for the requests it matches, until it expires. Exceptions are granted by whoever owns the
 * policies, never by the object's author: they are read from the policy tree and, in a cluster,
 * only from the namespaces Celador is configured to trust.
 *
 * @param namespace metadata.namespace, empty for a file in the policy tree without one
 * @param expiresAt null when it never expires
 */
public record PolicyException(String namespace, String name, SourceRef source, List<Target> policies, Match match,
        Instant expiresAt, String reason, String owner, String ticket) {

    public static final String API_VERSION = "celador.dev/v1alpha1";
    public static final String KIND = "PolicyException";

    public PolicyException {
        namespace = namespace == null ? "" : namespace;
        policies = List.copyOf(policies);
    }

    /** "namespace/name", or the name alone for a tree file without a namespace. */
    public String id() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** Expired exceptions are ignored: checked per request, so one lapses without a reload. */
    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** The entry naming a policy, or null. */
    public Target target(String policy) {
        for (Target t : policies) {
            if (t.policy().equals(policy)) {
                return t;
            }
        }
        return null;
    }

    /**
     * One entry of spec.policies: a policy, and optionally the validations of it that are lifted
     * (by index in spec.validations or by the name a validation carries); none means all of it.
     */
    public record Target(String policy, List<Integer> validationIndexes, List<String> validationNames, SourceRef source) {

        public Target {
            validationIndexes = List.copyOf(validationIndexes);
            validationNames = List.copyOf(validationNames);
        }

        public boolean wholePolicy() {
            return validationIndexes.isEmpty() && validationNames.isEmpty();
        }
    }

    /**
     * What the exception matches; every field that is set must match, an empty list matches
     * anything. names and namespaces take `*` globs; kinds are `Kind` (any group) or `group/Kind`.
     */
    public record Match(List<String> namespaces, List<String> names, LabelSelector selector, List<String> kinds,
            Set<String> operations) {

        public Match {
            namespaces = List.copyOf(namespaces);
            names = List.copyOf(names);
            selector = selector == null ? LabelSelector.EVERYTHING : selector;
            kinds = List.copyOf(kinds);
            operations = Set.copyOf(operations);
        }
    }
}
