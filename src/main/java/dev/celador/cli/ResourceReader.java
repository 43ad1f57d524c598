package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Reads Kubernetes objects from files, directories (recursively) or "-" (stdin, a multi-document
 * YAML stream as `kubectl kustomize` prints it); List kinds are unpacked into their items. Each
 * object comes with the file and line of its document, so every result can name where it came
 * from. A document without apiVersion or kind is an input problem at its line, never skipped.
 */
final class ResourceReader {

    /** An object and where its document starts (an item of a List: where the item starts). */
    record Placed(JsonNode object, String file, int line) {
    }

    static final String STDIN = "<stdin>";

    private final DocumentReader documents = new DocumentReader();
    private final List<Problem> problems = new ArrayList<>();
    private Path stdinCopy;

    /** "-" is read from this copy of standard input (see {@link #spool}) rather than the stream itself. */
    void readStdinFrom(Path copy) {
        this.stdinCopy = copy;
    }

    /** Another reader with problems of its own, reading "-" from the same copy. */
    ResourceReader sameStdin() {
        ResourceReader other = new ResourceReader();
        other.stdinCopy = stdinCopy;
        return other;
    }

    List<JsonNode> read(List<String> paths, InputStream stdin) {
        List<JsonNode> objects = new ArrayList<>();
        each(paths, stdin, p -> objects.add(p.object()));
        return objects;
    }

    /** Hands over the objects one at a time, in file order: nothing is kept once it is handed on. */
    void each(List<String> paths, InputStream stdin, Consumer<Placed> into) {
        for (String p : paths) {
            if (p.equals("-") && stdinCopy != null) {
                try (InputStream copy = Files.newInputStream(stdinCopy)) {
                    documents.read(copy, STDIN, d -> unpack(d.node(), d.source(), into), problems::add);
                } catch (IOException e) {
                    problems.add(Problem.of(new SourceRef(STDIN, 0, ""), null, "cannot read: " + e.getMessage()));
                }
            } else if (p.equals("-")) {
                documents.read(stdin, STDIN, d -> unpack(d.node(), d.source(), into), problems::add);
            } else if (!Files.exists(Path.of(p))) {
                problems.add(Problem.of(new SourceRef(p, 0, ""), null, "no such file or directory"));
            } else {
                documents.readAll(List.of(Path.of(p)), d -> unpack(d.node(), d.source(), into), problems::add);
            }
        }
    }

    /** Reads a stream once more from a copy: stdin, spooled so that a second pass can read it. */
    static Path spool(InputStream stdin) throws IOException {
        Path copy = Files.createTempFile("celador-stdin", ".yaml");
        copy.toFile().deleteOnExit();
        Files.copy(stdin, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    List<Problem> problems() {
        return problems;
    }

    private void unpack(JsonNode node, SourceRef source, Consumer<Placed> into) {
        if (node.path("kind").asText().endsWith("List") && node.path("items").isArray()) {
            for (int i = 0; i < node.path("items").size(); i++) {
                unpack(node.path("items").get(i), source.at("items").index(i), into);
            }
        } else if (node.hasNonNull("apiVersion") && node.hasNonNull("kind")) {
            into.accept(new Placed(node, source.file(), lineOf(source)));
        } else {
            String missing = node.hasNonNull("apiVersion") ? "kind" : node.hasNonNull("kind") ? "apiVersion" : "apiVersion and kind";
            problems.add(Problem.of(source, null, "not a Kubernetes object: no " + missing));
        }
    }

    private static int lineOf(SourceRef source) {
        return source.fieldPath() == null || source.fieldPath().isEmpty() ? source.line() : source.located().line();
    }
}
