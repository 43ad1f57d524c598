package dev.celador.engine.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.engine.AdmissionRequest;
import dev.celador.policy.LabelSelector;
import dev.celador.policy.MatchResources;
import dev.celador.view.ClusterView;
import java.util.Optional;

/**
 * Decides whether a policy's matchConstraints or a binding's matchResources select a request:
 * resource rules and exclusions first (cheap), then objectSelector, then namespaceSelector
 * (which may need the namespace's labels from the view).
 */
public final class AdmissionMatcher {

    private AdmissionMatcher() {
    }

    public static MatchOutcome matches(MatchResources match, AdmissionRequest request, ClusterView view) {
        if (!match.resourceRules().isEmpty()
                && !ResourceRuleMatcher.matchesAny(match.resourceRules(), request, match.matchPolicy())) {
            return MatchOutcome.NO_MATCH;
        }
        if (ResourceRuleMatcher.matchesAny(match.excludeResourceRules(), request, match.matchPolicy())) {
            return MatchOutcome.NO_MATCH;
        }
        if (!objectSelectorMatches(match.objectSelector(), request)) {
            return MatchOutcome.NO_MATCH;
        }
        return namespaceSelectorMatches(match.namespaceSelector(), request, view);
    }

    /** Matches when either the new or the old object carries matching labels. */
    private static boolean objectSelectorMatches(LabelSelector selector, AdmissionRequest request) {
        if (selector == null || selector.isEmpty()) {
            return true;
        }
        return (request.object() != null && selector.matches(request.labels(false)))
                || (request.oldObject() != null && selector.matches(request.labels(true)));
    }

    private static MatchOutcome namespaceSelectorMatches(LabelSelector selector, AdmissionRequest request, ClusterView view) {
        if (selector == null || selector.isEmpty()) {
            return MatchOutcome.MATCH;
        }
        if (request.isNamespaceObject()) {
            // A Namespace is matched on its own labels.
            boolean useOld = request.object() == null;
            return selector.matches(request.labels(useOld)) ? MatchOutcome.MATCH : MatchOutcome.NO_MATCH;
        }
        String namespace = request.namespace();
        if (namespace.isEmpty()) {
            return MatchOutcome.MATCH;
        }
        if (!view.isSynced()) {
            return MatchOutcome.error("namespace labels are not available yet: the cluster cache has not synced");
        }
        Optional<JsonNode> ns = view.namespace(namespace);
        if (ns.isEmpty()) {
            return MatchOutcome.error("namespace \"" + namespace + "\" not found: cannot evaluate namespaceSelector");
        }
        return selector.matches(LabelSelector.labelsOf(ns.get())) ? MatchOutcome.MATCH : MatchOutcome.NO_MATCH;
    }
}
