package dev.celador.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads typed fields out of a document, recording a problem (with its field path) for each field
 * that is missing or of the wrong shape instead of stopping at the first.
 */
final class FieldReader {

    private final List<Problem> problems = new ArrayList<>();
    private final String policy;

    FieldReader(String policy) {
        this.policy = policy;
    }

    List<Problem> problems() {
        return problems;
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    void problem(SourceRef at, String message) {
        problems.add(Problem.of(at, policy, message));
    }

    String string(JsonNode parent, String field, SourceRef at) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problem(at.at(field), "must be a string");
            return null;
        }
        return node.asText();
    }

    String requiredString(JsonNode parent, String field, SourceRef at) {
        String value = string(parent, field, at);
        if (value == null || value.isBlank()) {
            if (!hasProblemAt(at.at(field))) {
                problem(at.at(field), "Required value");
            }
            return null;
        }
        return value;
    }

    JsonNode object(JsonNode parent, String field, SourceRef at) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problem(at.at(field), "must be a mapping");
            return null;
        }
        return node;
    }

    /** Elements of a list field; an absent field is an empty list. */
    List<JsonNode> list(JsonNode parent, String field, SourceRef at) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problem(at.at(field), "must be a list");
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        node.forEach(out::add);
        return out;
    }

    List<String> strings(JsonNode parent, String field, SourceRef at) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = list(parent, field, at);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (item.isTextual()) {
                out.add(item.asText());
            } else {
                problem(at.at(field).index(i), "must be a string");
            }
        }
        return out;
    }

    Map<String, String> stringMap(JsonNode parent, String field, SourceRef at) {
        JsonNode node = object(parent, field, at);
        Map<String, String> out = new HashMap<>();
        if (node == null) {
            return out;
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                out.put(e.getKey(), e.getValue().asText());
            } else {
                problem(at.at(field).at(e.getKey()), "must be a string");
            }
        });
        return out;
    }

    private boolean hasProblemAt(SourceRef at) {
        // a problem's ref has its field's line and column; the field path says which field it is
        return problems.stream().anyMatch(p -> Objects.equals(p.source().fieldPath(), at.fieldPath()));
    }
}
