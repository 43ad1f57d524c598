package dev.celador.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy files of a directory as read at one moment: each file's bytes, or why it could not be
 * read. A directory mounted from a ConfigMap is read through the one `..data` target it points to
 * when the read starts, so a symlink swap in the middle never mixes two versions; a plain directory
 * is read until two reads agree, so a file caught half-written is not taken for its new text.
 */
public final class PolicyTree {

    /** The content of one file, or the error that kept it from being read. */
    public record FileRead(byte[] content, String error) {
    }

    private static final String CONFIGMAP_DATA = "..data";
    private static final int MAX_READS = 5;

    private final Map<String, FileRead> files;
    private final List<Problem> problems;

    private PolicyTree(Map<String, FileRead> files, List<Problem> problems) {
        this.files = files;
        this.problems = List.copyOf(problems);
    }

    /** Files by the name problems give them (dir joined with the path inside the tree), in name order. */
    public Map<String, FileRead> files() {
        return files;
    }

    /** Problems of the directory itself (it cannot be listed); files are then missing from files(). */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * A tree given as its files' contents by name (a ConfigMap's keys, say), with the problems met
     * while getting them; names are taken in sorted order, as a directory walk sorts its paths.
     */
    public static PolicyTree of(Map<String, byte[]> contents, List<Problem> problems) {
        Map<String, FileRead> files = new LinkedHashMap<>();
        new java.util.TreeMap<>(contents).forEach((name, bytes) -> files.put(name, new FileRead(bytes, null)));
        return new PolicyTree(files, problems);
    }

    /** Reads dir once. */
    public static PolicyTree read(Path dir) {
        List<Problem> problems = new ArrayList<>();
        Path source = dir;
        Path data = dir.resolve(CONFIGMAP_DATA);
        if (Files.isSymbolicLink(data)) {
            try {
                source = data.toRealPath();
            } catch (IOException e) {
                problems.add(Problem.of(new SourceRef(dir.toString(), 0, ""), null,
                        "cannot read directory: " + CONFIGMAP_DATA + " points nowhere (" + e.getMessage() + ")"));
                return new PolicyTree(Map.of(), problems);
            }
        }
        if (!Files.isDirectory(source)) {
            problems.add(Problem.of(new SourceRef(dir.toString(), 0, ""), null, "no such directory"));
            return new PolicyTree(Map.of(), problems);
        }
        Map<String, FileRead> files = new LinkedHashMap<>();
        for (Path file : DocumentReader.filesUnder(source, PolicyLoader.TEST_MATERIAL_DIRECTORIES::contains, problems::add)) {
            String name = dir.resolve(source.relativize(file)).toString();
            try {
                files.put(name, new FileRead(Files.readAllBytes(file), null));
            } catch (NoSuchFileException e) {
                files.put(name, new FileRead(null, "cannot read file: it vanished while the tree was read (" + e.getMessage() + ")"));
            } catch (IOException e) {
                files.put(name, new FileRead(null, "cannot read file: " + e.getMessage()));
            }
        }
        return new PolicyTree(files, problems);
    }

    /**
     * Reads dir until two reads in a row, pauseMillis apart, agree (at most a few times); the last
     * read is returned either way, and its half-written files then fail to load and keep their last
     * good version.
     */
    public static PolicyTree readSettled(Path dir, long pauseMillis) {
        PolicyTree previous = read(dir);
        for (int i = 1; i < MAX_READS; i++) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return previous;
            }
            PolicyTree next = read(dir);
            if (next.sameAs(previous)) {
                return next;
            }
            previous = next;
        }
        return previous;
    }

    private boolean sameAs(PolicyTree other) {
        if (!files.keySet().equals(other.files.keySet()) || problems.size() != other.problems.size()) {
            return false;
        }
        for (Map.Entry<String, FileRead> e : files.entrySet()) {
            FileRead mine = e.getValue();
            FileRead theirs = other.files.get(e.getKey());
            if (!Arrays.equals(mine.content(), theirs.content()) || !java.util.Objects.equals(mine.error(), theirs.error())) {
                return false;
            }
        }
        return true;
    }
}
