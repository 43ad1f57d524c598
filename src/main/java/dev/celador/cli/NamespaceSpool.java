package dev.celador.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Lines grouped by namespace on disk, so `celador audit` can print a dump's results grouped by
 * namespace while holding none of them: each line goes to its namespace's temporary file as it is
 * found, and the files are read back in namespace order. A few writers stay open (least recently
 * used closed first), so a dump of thousands of namespaces needs no more file handles.
 */
final class NamespaceSpool implements AutoCloseable {

    private static final int OPEN_WRITERS = 32;

    private final Path dir;
    private final Map<String, Path> files = new TreeMap<>();
    private final LinkedHashMap<String, BufferedWriter> open = new LinkedHashMap<>(16, 0.75f, true);

    NamespaceSpool() {
        try {
            dir = Files.createTempDirectory("celador-audit");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the audit's results", e);
        }
    }

    void add(String namespace, String line) {
        try {
            BufferedWriter w = open.get(namespace);
            if (w == null) {
                Path file = files.computeIfAbsent(namespace, n -> dir.resolve("ns-" + files.size() + ".jsonl"));
                w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                open.put(namespace, w);
                if (open.size() > OPEN_WRITERS) {
                    var eldest = open.entrySet().iterator().next();
                    eldest.getValue().close();
                    open.remove(eldest.getKey());
                }
            }
            w.write(line);
            w.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit's results to " + dir, e);
        }
    }

    /** Every namespace's lines, namespaces in order ("" for cluster-scoped objects first), lines as added. */
    void forEach(BiConsumer<String, Stream<String>> byNamespace) {
        closeWriters();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            try (BufferedReader r = Files.newBufferedReader(e.getValue(), StandardCharsets.UTF_8)) {
                byNamespace.accept(e.getKey(), r.lines());
            } catch (IOException x) {
                throw new UncheckedIOException("cannot read the audit's results from " + dir, x);
            }
        }
    }

    /** One namespace's lines as added (none when nothing was added for it). */
    void read(String namespace, Consumer<Stream<String>> lines) {
        closeWriters();
        Path file = files.get(namespace);
        if (file == null) {
            lines.accept(Stream.empty());
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.accept(r.lines());
        } catch (IOException x) {
            throw new UncheckedIOException("cannot read the audit's results from " + dir, x);
        }
    }

    private void closeWriters() {
        for (BufferedWriter w : open.values()) {
            try {
                w.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        open.clear();
    }

    @Override
    public void close() {
        try {
            closeWriters();
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is the system's to clean
            }
        }
    }
}
