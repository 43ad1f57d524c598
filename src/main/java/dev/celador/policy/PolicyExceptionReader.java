package dev.celador.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a PolicyException document, collecting every problem with its field path. The same reader
 * serves files of the policy tree, objects from the cluster and the webhook's check of a write, so
 * all three agree on what a valid exception is.
 */
public final class PolicyExceptionReader {

    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    /** The exception, or null with the problems that kept it from loading. */
    public record Read(PolicyException exception, List<Problem> problems) {

        public Read {
            problems = List.copyOf(problems);
        }
    }

    public Read read(JsonNode node, SourceRef at) {
        JsonNode metadata = node.path("metadata");
        String objectName = metadata.path("name").isTextual() ? metadata.path("name").asText() : null;
        FieldReader fields = new FieldReader(null);
        String name = fields.requiredString(metadata, "name", at.at("metadata"));
        String namespace = fields.string(metadata, "namespace", at.at("metadata"));
        JsonNode spec = fields.object(node, "spec", at);
        if (spec == null) {
            fields.problem(at.at("spec"), "Required value");
            return new Read(null, named(fields.problems(), objectName));
        }
        SourceRef specAt = at.at("spec");

        List<PolicyException.Target> targets = targets(spec, specAt, fields);
        PolicyException.Match match = match(spec, specAt, fields);

        String reason = fields.requiredString(spec, "reason", specAt);
        String owner = fields.string(spec, "owner", specAt);
        String ticket = fields.string(spec, "ticket", specAt);
        Instant expiresAt = null;
        String expires = fields.string(spec, "expiresAt", specAt);
        if (expires != null) {
            try {
                expiresAt = OffsetDateTime.parse(expires).toInstant();
            } catch (DateTimeParseException e) {
                fields.problem(specAt.at("expiresAt"), "Invalid value: \"" + expires
                        + "\": must be an RFC 3339 date-time such as 2027-01-31T00:00:00Z");
            }
        }
        if (fields.hasProblems()) {
            return new Read(null, named(fields.problems(), objectName));
        }
        return new Read(new PolicyException(namespace, name, at, targets, match, expiresAt, reason, owner, ticket), List.of());
    }

    private static List<PolicyException.Target> targets(JsonNode spec, SourceRef specAt, FieldReader fields) {
        List<PolicyException.Target> out = new ArrayList<>();
        List<JsonNode> items = fields.list(spec, "policies", specAt);
        if (items.isEmpty() && !fields.hasProblems()) {
            fields.problem(specAt.at("policies"), "Required value: name at least one policy");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            SourceRef tAt = specAt.at("policies").index(i);
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                fields.problem(tAt, "must be a mapping with a name, e.g. {name: secret-externally-sourced}");
                continue;
            }
            String policy = fields.requiredString(item, "name", tAt);
            if (policy != null && !seen.add(policy)) {
                fields.problem(tAt.at("name"), "Duplicate value: \"" + policy + "\": list its validations in one entry");
            }
            List<Integer> indexes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            List<JsonNode> validations = fields.list(item, "validations", tAt);
            for (int j = 0; j < validations.size(); j++) {
                JsonNode v = validations.get(j);
                if (v.isIntegralNumber() && v.asInt() >= 0) {
                    indexes.add(v.asInt());
                } else if (v.isTextual() && !v.asText().isBlank()) {
                    names.add(v.asText());
                } else {
                    fields.problem(tAt.at("validations").index(j),
                            "Invalid value: must be the index of a validation (0, 1, ...) or the name it carries");
                }
            }
            out.add(new PolicyException.Target(policy, indexes, names, tAt));
        }
        return out;
    }

    private static PolicyException.Match match(JsonNode spec, SourceRef specAt, FieldReader fields) {
        JsonNode match = fields.object(spec, "match", specAt);
        SourceRef mAt = specAt.at("match");
        if (match == null) {
            if (!spec.has("match")) {
                fields.problem(mAt, "Required value: say what the exception covers (namespaces, names, selector, kinds or operations)");
            }
            return null;
        }
        List<String> namespaces = fields.strings(match, "namespaces", mAt);
        List<String> names = fields.strings(match, "names", mAt);
        LabelSelector selector = match.has("selector") ? new MatchResourcesReader(fields).selector(match, "selector", mAt) : null;
        List<String> kinds = fields.strings(match, "kinds", mAt);
        Set<String> operations = new LinkedHashSet<>();
        for (String op : fields.strings(match, "operations", mAt)) {
            if (OPERATIONS.contains(op)) {
                operations.add(op);
            } else {
                fields.problem(mAt.at("operations"), "Unsupported value: \"" + op + "\": supported values: CREATE, UPDATE, DELETE, CONNECT");
            }
        }
        if (namespaces.isEmpty() && names.isEmpty() && selector == null && kinds.isEmpty() && operations.isEmpty()) {
            fields.problem(mAt, "Required value: at least one of namespaces, names, selector, kinds or operations;"
                    + " an exception for every object is a policy switched off: remove its binding instead");
        }
        for (String n : names) {
            if (n.isEmpty()) {
                fields.problem(mAt.at("names"), "Invalid value: an empty name matches nothing");
            }
        }
        return new PolicyException.Match(namespaces, names, selector, kinds, operations);
    }

    /**
     * Problems name the exception where a policy name goes (PolicyException/NAME, never a bare name a
     * policy could also have), so they print as file:line:column: PolicyException/NAME/field.
     */
    private static List<Problem> named(List<Problem> problems, String name) {
        String label = "PolicyException/" + (name == null ? "-" : name);
        return problems.stream().map(p -> new Problem(p.source(), label, p.message(), p.expression())).toList();
    }
}
