package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.policy.DocumentReader;
import dev.celador.policy.Problem;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Kubernetes objects from files, directories (recursively) or "-" (stdin, a multi-document
 * YAML stream as `kubectl kustomize` prints it); List kinds are unpacked into their items.
 */
final class ResourceReader {

    private final DocumentReader documents = new DocumentReader();
    private final List<Problem> problems = new ArrayList<>();

    List<JsonNode> read(List<String> paths, InputStream stdin) {
        List<JsonNode> objects = new ArrayList<>();
        for (String p : paths) {
            if (p.equals("-")) {
                documents.read(stdin, "<stdin>", d -> unpack(d.node(), objects), problems::add);
            } else {
                documents.readAll(List.of(Path.of(p)), d -> unpack(d.node(), objects), problems::add);
            }
        }
        return objects;
    }

    List<Problem> problems() {
        return problems;
    }

    private static void unpack(JsonNode node, List<JsonNode> into) {
        if (node.path("kind").asText().endsWith("List") && node.path("items").isArray()) {
            node.path("items").forEach(item -> unpack(item, into));
        } else if (node.hasNonNull("apiVersion") && node.hasNonNull("kind")) {
            into.add(node);
        }
    }
}
