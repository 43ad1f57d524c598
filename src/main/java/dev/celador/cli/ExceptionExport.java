package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.policy.PolicyException;
import java.util.ArrayList;
import java.util.List;

/**
 * How `celador export` carries a policy exception into native objects. Only an exception that
 * names whole policies, exact namespaces and/or exact object names, and never expires, has a
 * native form: namespaces become a NotIn on each binding's namespaceSelector, names an
 * excludeResourceRules entry (the policy's rules with resourceNames) on each binding, and names
 * within namespaces a matchCondition of the policy (excludeResourceRules have no namespace).
 * Anything else is refused with its reasons: the native policy then stays stricter than Celador.
 */
final class ExceptionExport {

    private ExceptionExport() {
    }

    /** Why the exception has no native form; empty when it has one. */
    static List<String> refusals(PolicyException e) {
        List<String> why = new ArrayList<>();
        PolicyException.Match m = e.match();
        if (e.expiresAt() != null) {
            why.add("expiresAt (the native API has no expiry)");
        }
        if (e.policies().stream().anyMatch(t -> !t.wholePolicy())) {
            why.add("single validations (a native binding applies all of a policy's validations)");
        }
        if (!m.selector().isEmpty()) {
            why.add("a label selector (native objectSelectors are set by the object's author)");
        }
        if (!m.kinds().isEmpty()) {
            why.add("kinds");
        }
        if (!m.operations().isEmpty()) {
            why.add("operations");
        }
        if (m.names().stream().anyMatch(n -> n.contains("*")) || m.namespaces().stream().anyMatch(n -> n.contains("*"))) {
            why.add("name globs (resourceNames and namespace selectors take exact names)");
        } else if (!m.names().stream().allMatch(ExceptionExport::isObjectName) || !m.namespaces().stream().allMatch(ExceptionExport::isObjectName)) {
            why.add("names that are not valid object names");
        }
        return why;
    }

    /** Applies an exportable exception to one exported policy: its documents are the policy, then its bindings. */
    static void apply(PolicyException e, List<JsonNode> documents) {
        PolicyException.Match m = e.match();
        ObjectNode policySpec = (ObjectNode) documents.get(0).path("spec");
        if (!m.names().isEmpty() && !m.namespaces().isEmpty()) {
            ArrayNode conditions = policySpec.withArray("matchConditions");
            conditions.addObject().put("name", "celador-exception-" + (e.namespace().isEmpty() ? "" : e.namespace() + "-") + e.name())
                    .put("expression", "!(request.namespace in " + list(m.namespaces()) + " && request.name in " + list(m.names()) + ")");
            return;
        }
        for (JsonNode binding : documents.subList(1, documents.size())) {
            ObjectNode match = ((ObjectNode) binding.path("spec")).with("matchResources");
            if (!m.namespaces().isEmpty()) {
                ArrayNode expressions = match.with("namespaceSelector").withArray("matchExpressions");
                ObjectNode notIn = expressions.addObject().put("key", "kubernetes.io/metadata.name").put("operator", "NotIn");
                m.namespaces().forEach(notIn.putArray("values")::add);
            } else {
                ArrayNode excludes = match.withArray("excludeResourceRules");
                for (JsonNode rule : policySpec.path("matchConstraints").path("resourceRules")) {
                    ObjectNode exclude = rule.deepCopy();
                    ArrayNode names = exclude.putArray("resourceNames");
                    m.names().forEach(names::add);
                    excludes.add(exclude);
                }
            }
        }
    }

    private static boolean isObjectName(String s) {
        return s.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") && s.length() <= 253;
    }

    /** A CEL list literal of single-quoted strings (names and namespaces hold no quotes or backslashes). */
    private static String list(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "'" + v + "'").toList()) + "]";
    }
}
