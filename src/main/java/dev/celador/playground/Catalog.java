package dev.celador.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the page's picker offers: each policy directory (its policy files, validating or mutating,
 * and its params.yaml) and each example manifest, read from disk when asked, so an edit to a file
 * shows at the next page load. Test material (tests/, cases/) is left out, as the loader leaves it.
 */
final class Catalog {

    private static final String PARAMS_FILE = "params.yaml";

    private final Path policies;
    private final Path examples;

    Catalog(Path policies, Path examples) {
        this.policies = policies;
        this.examples = examples;
    }

    /** {policies: [{name, kind: validating|mutating, policy, params}], examples: [{name, text}]}. */
    ObjectNode read() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode catalog = json.createObjectNode();
        ArrayNode policyList = catalog.putArray("policies");
        for (Path dir : children(policies)) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            for (Path file : children(dir)) {
                String name = file.getFileName().toString();
                if (Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.equals(PARAMS_FILE)) {
                    if (!text.isEmpty()) {
                        text.append(text.charAt(text.length() - 1) == '\n' ? "" : "\n").append("---\n");
                    }
                    text.append(Files.readString(file, StandardCharsets.UTF_8));
                }
            }
            if (text.isEmpty()) {
                continue;
            }
            Path params = dir.resolve(PARAMS_FILE);
            policyList.addObject()
                    .put("name", dir.getFileName().toString())
                    .put("kind", kindOf(text.toString()))
                    .put("policy", text.toString())
                    .put("params", Files.isRegularFile(params) ? Files.readString(params, StandardCharsets.UTF_8) : "");
        }
        ArrayNode exampleList = catalog.putArray("examples");
        if (examples != null && Files.isDirectory(examples)) {
            try (Stream<Path> walk = Files.walk(examples)) {
                for (Path file : walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    String name = examples.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                    exampleList.addObject().put("name", name).put("text", Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return catalog;
    }

    /** mutating when any document is a mutating policy, else validating. */
    private static String kindOf(String text) {
        try {
            for (JsonNode doc : new YAMLMapper().readerFor(JsonNode.class).readValues(text).readAll().stream().map(JsonNode.class::cast).toList()) {
                if (doc.path("kind").asText().startsWith("Mutating")) {
                    return "mutating";
                }
            }
        } catch (IOException e) {
            // A file that does not parse is offered all the same: the page then shows its problems.
        }
        return "validating";
    }

    private static List<Path> children(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return new ArrayList<>(list.sorted().toList());
        }
    }
}
