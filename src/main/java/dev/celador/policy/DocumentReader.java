package dev.celador.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads YAML (or JSON, a subset) files and directory trees into documents. A document that does
 * not parse becomes a problem with the parser's message, line and column; the documents before it
 * in the same file are kept. Each document's ref carries its file's {@link SourcePositions}, so a
 * problem found later in it can name its own line and column.
 */
public final class DocumentReader {

    private static final int MAX_NESTING_DEPTH = 256;

    private final ObjectMapper yaml;

    public DocumentReader() {
        YAMLFactory factory = YAMLFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .build();
        this.yaml = new YAMLMapper(factory);
    }

    /** Reads every *.yaml, *.yml and *.json file under each path (files are read as given). */
    public void readAll(List<Path> paths, Consumer<Document> documents, Consumer<Problem> problems) {
        readAll(paths, dirName -> false, documents, problems);
    }

    /**
     * As {@link #readAll(List, Consumer, Consumer)}, leaving out the files below any directory
     * (under a given directory) whose name skipDir accepts. Paths given directly are always read.
     */
    public void readAll(List<Path> paths, Predicate<String> skipDir, Consumer<Document> documents, Consumer<Problem> problems) {
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                for (Path file : filesUnder(path, skipDir, problems)) {
                    readFile(file, documents, problems);
                }
            } else if (Files.isRegularFile(path)) {
                readFile(path, documents, problems);
            } else {
                problems.accept(Problem.of(new SourceRef(path.toString(), 0, ""), null, "no such file or directory"));
            }
        }
    }

    public void readFile(Path file, Consumer<Document> documents, Consumer<Problem> problems) {
        try (InputStream in = Files.newInputStream(file)) {
            read(in, file.toString(), documents, problems);
        } catch (IOException e) {
            problems.accept(Problem.of(new SourceRef(file.toString(), 0, ""), null, "cannot read file: " + e.getMessage()));
        }
    }

    /** Reads a multi-document stream; name is what problems call it. */
    public void read(InputStream in, String name, Consumer<Document> documents, Consumer<Problem> problems) {
        byte[] content;
        try {
            content = in.readAllBytes();
        } catch (IOException e) {
            problems.accept(Problem.of(new SourceRef(name, 0, ""), null, "cannot read: " + e.getMessage()));
            return;
        }
        // the bytes are kept, not parsed again: SourcePositions composes them only for a problem's place
        SourcePositions positions = new SourcePositions(content);
        int index = 0;
        try (NameTrackingParser parser = new NameTrackingParser(yaml.getFactory().createParser(content));
                MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(parser)) {
            try {
                while (it.hasNextValue()) {
                    int line = parser.currentTokenLocation().getLineNr();
                    JsonNode node = it.nextValue();
                    if (node != null && !node.isMissingNode() && !node.isNull() && !isEmptyDocument(node)) {
                        if (node.isObject()) {
                            documents.accept(new Document(node, new SourceRef(name, index, Math.max(line, 1), 0, "", positions)));
                        } else {
                            problems.accept(Problem.of(new SourceRef(name, index, 0, 0, "", positions), null,
                                    "document is not a mapping (found " + node.getNodeType().name().toLowerCase() + ")"));
                        }
                    }
                    index++;
                }
            } catch (IOException | RuntimeException e) {
                problems.accept(YamlError.of(e, parser).problem(name, index));
            }
        } catch (IOException | RuntimeException e) {
            problems.accept(YamlError.of(e, null).problem(name, index));
        }
    }

    /** An empty document (a trailing or doubled "---") reads as an empty string: skipped, as kubectl does. */
    private static boolean isEmptyDocument(JsonNode node) {
        return node.isTextual() && node.textValue().isEmpty();
    }

    /**
     * The policy files under dir, sorted: *.yaml, *.yml and *.json outside skipped directories and
     * the kubelet's hidden copies. A dangling symbolic link is listed too, so that reading it fails
     * loudly instead of the file silently dropping out of the tree.
     */
    static List<Path> filesUnder(Path dir, Predicate<String> skipDir, Consumer<Problem> problems) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p) && !Files.exists(p))
                    .filter(p -> !isKubeletInternal(dir.relativize(p)))
                    .filter(p -> !inSkippedDirectory(dir.relativize(p), skipDir))
                    .filter(p -> isPolicyFileName(p.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            problems.accept(Problem.of(new SourceRef(dir.toString(), 0, ""), null, "cannot read directory: " + e.getMessage()));
            return new ArrayList<>();
        }
    }

    /** Whether a file of this name is read as policy documents: *.yaml, *.yml or *.json. */
    public static boolean isPolicyFileName(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /**
     * A mounted ConfigMap holds its files in a hidden `..<timestamp>/` directory behind `..data`
     * and links to them; reading the hidden copies too would load every policy twice.
     */
    public static boolean isKubeletInternal(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean inSkippedDirectory(Path relative, Predicate<String> skipDir) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (skipDir.test(relative.getName(i).toString())) {
                return true;
            }
        }
        return false;
    }
}
