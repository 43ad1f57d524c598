package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Optional;
import java.util.TreeSet;

/** The first field where two objects differ, in field-name order, as "path: expected X, got Y". */
final class FirstDifference {

    private FirstDifference() {
    }

    static Optional<String> between(JsonNode expected, JsonNode actual) {
        return walk("", expected, actual);
    }

    private static Optional<String> walk(String path, JsonNode expected, JsonNode actual) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> fields = new TreeSet<>();
            expected.fieldNames().forEachRemaining(fields::add);
            actual.fieldNames().forEachRemaining(fields::add);
            for (String f : fields) {
                Optional<String> d = walk(path.isEmpty() ? f : path + "." + f, expected.path(f), actual.path(f));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (expected.isArray() && actual.isArray()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext() && a.hasNext(); i++) {
                Optional<String> d = walk(path + "[" + i + "]", e.next(), a.next());
                if (d.isPresent()) {
                    return d;
                }
            }
            if (expected.size() != actual.size()) {
                return Optional.of(path + ": expected " + expected.size() + " items, got " + actual.size());
            }
            return Optional.empty();
        }
        if (equalValues(expected, actual)) {
            return Optional.empty();
        }
        return Optional.of((path.isEmpty() ? "(object)" : path) + ": expected " + show(expected) + ", got " + show(actual));
    }

    /** 10 and 10.0 are one number; YAML and JSON agree on everything else. */
    private static boolean equalValues(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return expected.equals(actual);
    }

    private static String show(JsonNode node) {
        return node.isMissingNode() ? "(absent)" : node.toString();
    }
}
