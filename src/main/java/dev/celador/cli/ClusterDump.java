package dev.celador.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.policy.DocumentReader;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Streams the objects of a cluster dump (`kubectl get ... -A -o yaml` or `-o json`: a List, or
 * multi-document YAML of objects) one at a time: a List's items are read one by one from the
 * parser, never as one tree, so memory stays that of one object whatever the dump's size. Files
 * are read in name order; directories recursively (*.yaml, *.yml, *.json). A file that does not
 * parse is a problem with its line; the objects before the fault are kept.
 */
final class ClusterDump {

    private static final int MAX_NESTING_DEPTH = 256;

    private final ObjectMapper yaml = new YAMLMapper(YAMLFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build()).build());
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build()).build());
    private final List<String> paths;

    ClusterDump(List<String> paths) {
        this.paths = List.copyOf(paths);
    }

    /** Sends every object to the consumer, and every file that could not be read whole to problems. */
    void forEach(Consumer<JsonNode> objects, Consumer<Problem> problems) {
        for (Path file : files(problems)) {
            boolean isJson = file.getFileName().toString().endsWith(".json");
            try (InputStream in = Files.newInputStream(file);
                    JsonParser parser = (isJson ? json : yaml).getFactory().createParser(in)) {
                read(parser, isJson ? json : yaml, objects);
            } catch (IOException | RuntimeException e) {
                String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                int line = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                        ? Math.max(j.getLocation().getLineNr(), 0) : 0;
                problems.accept(Problem.of(new SourceRef(file.toString(), 0, line, 0, ""), null, "cannot read cluster state: " + message));
            }
        }
    }

    private List<Path> files(Consumer<Problem> problems) {
        List<Path> files = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(f -> DocumentReader.isPolicyFileName(f.getFileName().toString()))
                            .sorted().forEach(files::add);
                } catch (IOException | java.io.UncheckedIOException e) {
                    problems.accept(Problem.of(new SourceRef(p, 0, ""), null, "cannot read directory: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                problems.accept(Problem.of(new SourceRef(p, 0, ""), null, "no such file or directory"));
            }
        }
        return files;
    }

    /** Reads each top-level document: the items of a List as they come, any other object whole. */
    private static void read(JsonParser parser, ObjectMapper mapper, Consumer<JsonNode> objects) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            ObjectNode rest = mapper.createObjectNode();
            boolean hadItems = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("items") && value == JsonToken.START_ARRAY) {
                    hadItems = true;
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        unpack(mapper.readTree(parser), objects);
                    }
                } else {
                    rest.set(field, mapper.readTree(parser));
                }
            }
            if (!hadItems) {
                unpack(rest, objects);
            }
        }
    }

    private static void unpack(JsonNode node, Consumer<JsonNode> objects) {
        if (node.path("kind").asText().endsWith("List") && node.path("items").isArray()) {
            node.path("items").forEach(item -> unpack(item, objects));
        } else if (node.hasNonNull("apiVersion") && node.hasNonNull("kind")) {
            objects.accept(node);
        }
    }
}
