package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import dev.celador.view.StaticClusterView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The objects `celador check` and `celador audit` keep for lookups, written to a temporary file as
 * compact JSON, so the heap holds per object only its name (as UTF-8), offset and length in an
 * index by kind and namespace (about 30 bytes, where its JSON bytes took about a kilobyte and a
 * parsed tree ten times that). Memory then stays flat as the inventory grows. Scope and resource
 * names are answered by a {@link StaticClusterView} of one skeleton per kind and scope seen, names
 * by that index, so this view finds exactly what a StaticClusterView of the same objects finds, in
 * the same order. An object is parsed when a lookup returns it. What stays parsed is what lookups
 * ask again: the objects of the last 64 gets, and the last two lists of up to 512 objects whole (a
 * dump sorted by namespace asks for one namespace's list object after object); a cache of 512
 * single objects held 3 MiB that check on 10,000 manifests, cycling through namespaces, never hit.
 *
 * <p>Secrets are written without their values (data, stringData), as the cluster's caches keep
 * them. The file is created readable by its owner only and opened so that it is deleted when
 * closed (on Linux it is unlinked at once, so it goes even if the process is killed).
 */
final class FileBackedClusterView implements ClusterView, AutoCloseable {

    private static final ObjectMapper JSON = dev.celador.json.CompactNodeFactory.mapper(new ObjectMapper());
    private static final int GETS = 64;
    private static final int LISTS = 2;
    /** Lists longer than this are not kept: the one list-all of a large inventory must not stay on the heap. */
    private static final int LISTED = 512;

    private final Store store;
    private final StaticClusterView scopes;
    private final Map<String, KindIndex> kinds;
    private final Map<Long, JsonNode> gets = new LinkedHashMap<>(GETS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, JsonNode> eldest) {
            return size() > GETS;
        }
    };
    private final Map<String, List<JsonNode>> lists = new LinkedHashMap<>(LISTS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<JsonNode>> eldest) {
            return size() > LISTS;
        }
    };

    /** The temporary file could not be created, written or read: the message names the directory and why. */
    static final class Unavailable extends UncheckedIOException {
        Unavailable(String message, IOException cause) {
            super(message, cause);
        }
    }

    /**
     * Objects added one at a time (each written out as it comes), ready once {@link #seal()} is
     * called. The builder owns the file: closing it closes the view it sealed.
     */
    static final class Builder implements AutoCloseable {

        private final Store store;
        private final Map<String, RawKind> kinds = new LinkedHashMap<>();
        private final Map<String, String> namespaces = new HashMap<>();
        private final Set<String> scopesSeen = new HashSet<>();
        private final List<JsonNode> scopeSkeletons = new ArrayList<>();

        /** In the JVM's temporary directory (java.io.tmpdir). */
        Builder() {
            this(Path.of(System.getProperty("java.io.tmpdir")));
        }

        Builder(Path dir) {
            this.store = new Store(dir);
        }

        /** Adds an object; one without apiVersion, kind or name is left out, as StaticClusterView leaves it out. */
        Builder add(JsonNode object) {
            String apiVersion = object.path("apiVersion").asText("");
            String kind = object.path("kind").asText("");
            String name = object.path("metadata").path("name").asText("");
            if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
                return this;
            }
            String namespace = namespaces.computeIfAbsent(object.path("metadata").path("namespace").asText(""), n -> n);
            String kindKey = apiVersion + "/" + kind;
            if (scopesSeen.add(kindKey + (namespace.isEmpty() ? " cluster" : " namespaced"))) {
                scopeSkeletons.add(skeleton(apiVersion, kind, name, namespace));
            }
            long offset = store.position();
            int length = store.append(bytesOf(object));
            kinds.computeIfAbsent(kindKey, k -> new RawKind(apiVersion, kind)).add(name, namespace, offset, length);
            return this;
        }

        FileBackedClusterView seal() {
            store.flush();
            StaticClusterView scopes = new StaticClusterView(scopeSkeletons);
            Map<String, KindIndex> sealed = new HashMap<>();
            kinds.forEach((key, raw) -> sealed.put(key, raw.seal(scopes.isNamespaced(raw.apiVersion, raw.kind))));
            kinds.clear();
            return new FileBackedClusterView(store, scopes, sealed);
        }

        @Override
        public void close() {
            store.close();
        }

        private static JsonNode skeleton(String apiVersion, String kind, String name, String namespace) {
            ObjectNode skeleton = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
            ObjectNode metadata = skeleton.putObject("metadata").put("name", name);
            if (!namespace.isEmpty()) {
                metadata.put("namespace", namespace);
            }
            return skeleton;
        }

        private static byte[] bytesOf(JsonNode object) {
            JsonNode kept = object;
            if (object.path("kind").asText().equals("Secret") && object.path("apiVersion").asText().equals("v1")
                    && object instanceof ObjectNode secret) {
                ObjectNode copy = secret.deepCopy();
                copy.remove("data");
                copy.remove("stringData");
                kept = copy;
            }
            try {
                return JSON.writeValueAsBytes(kept);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private FileBackedClusterView(Store store, StaticClusterView scopes, Map<String, KindIndex> kinds) {
        this.store = store;
        this.scopes = scopes;
        this.kinds = kinds;
    }

    @Override
    public Optional<JsonNode> get(ObjectKey key) {
        KindIndex index = kinds.get(key.apiVersion() + "/" + key.kind());
        if (index == null || key.name() == null) {
            return Optional.empty();
        }
        String namespace = "";
        if (index.namespaced) {
            if (key.namespace() == null || key.namespace().isEmpty()) {
                return Optional.empty();
            }
            namespace = key.namespace();
        }
        int i = index.find(namespace, key.name());
        return i < 0 ? Optional.empty() : Optional.of(got(index, i));
    }

    @Override
    public List<JsonNode> list(String apiVersion, String kind, String namespace) {
        KindIndex index = kinds.get(apiVersion + "/" + kind);
        if (index == null) {
            return List.of();
        }
        boolean all = namespace == null || namespace.isEmpty() || !index.namespaced;
        NamespaceIndex inNamespace = all ? null : index.byNamespace.get(namespace);
        if (!all && inNamespace == null) {
            return List.of();
        }
        String listKey = apiVersion + "/" + kind + (all ? "" : " " + namespace);
        synchronized (this) {
            List<JsonNode> cached = lists.get(listKey);
            if (cached != null) {
                return cached;
            }
            List<JsonNode> found = (all ? IntStream.range(0, index.offsets.length) : Arrays.stream(inNamespace.inOrder))
                    .mapToObj(i -> parse(index, i)).toList();
            if (found.size() <= LISTED) {
                lists.put(listKey, found);
            }
            return found;
        }
    }

    @Override
    public Optional<String> kindOf(String apiVersion, String resource) {
        return scopes.kindOf(apiVersion, resource);
    }

    @Override
    public boolean isNamespaced(String apiVersion, String kind) {
        return scopes.isNamespaced(apiVersion, kind);
    }

    @Override
    public void close() {
        store.close();
    }

    private synchronized JsonNode got(KindIndex index, int i) {
        return gets.computeIfAbsent(index.offsets[i], offset -> parse(index, i));
    }

    private JsonNode parse(KindIndex index, int i) {
        try {
            return JSON.readTree(store.read(index.offsets[i], index.lengths[i]));
        } catch (IOException e) {
            throw new UncheckedIOException("an object kept for lookups did not read back: " + e.getMessage(), e);
        }
    }

    /** One kind's objects as added, before duplicates are dropped and namespaces defaulted. */
    private static final class RawKind {
        final String apiVersion;
        final String kind;
        final PackedNames names = new PackedNames();
        String[] namespaces = new String[8];
        long[] offsets = new long[8];
        int[] lengths = new int[8];
        int size;

        RawKind(String apiVersion, String kind) {
            this.apiVersion = apiVersion;
            this.kind = kind;
        }

        void add(String name, String namespace, long offset, int length) {
            if (size == namespaces.length) {
                int grown = size * 2;
                namespaces = Arrays.copyOf(namespaces, grown);
                offsets = Arrays.copyOf(offsets, grown);
                lengths = Arrays.copyOf(lengths, grown);
            }
            names.add(name);
            namespaces[size] = namespace;
            offsets[size] = offset;
            lengths[size] = length;
            size++;
        }

        /**
         * As StaticClusterView files them: a namespaced object without a namespace is in "default",
         * a cluster-scoped one has none, and of two with the same namespace and name the later
         * replaces the earlier and takes its place at the end of the list.
         */
        KindIndex seal(boolean namespaced) {
            String[] effective = new String[size];
            for (int i = 0; i < size; i++) {
                effective[i] = !namespaced ? "" : namespaces[i].isEmpty() ? "default" : namespaces[i];
            }
            Integer[] byIdentity = IntStream.range(0, size).boxed().toArray(Integer[]::new);
            Arrays.sort(byIdentity, Comparator.<Integer, String>comparing(i -> effective[i]).thenComparing(names::compare)
                    .thenComparingInt(i -> i));
            boolean[] replaced = new boolean[size];
            for (int k = 0; k + 1 < byIdentity.length; k++) {
                int a = byIdentity[k];
                int b = byIdentity[k + 1];
                replaced[a] = effective[a].equals(effective[b]) && names.compare(a, b) == 0;
            }
            int kept = size - (int) IntStream.range(0, size).filter(i -> replaced[i]).count();
            KindIndex index = new KindIndex(namespaced, kept);
            Map<String, List<Integer>> positions = new LinkedHashMap<>();
            int at = 0;
            for (int i = 0; i < size; i++) {
                if (replaced[i]) {
                    continue;
                }
                index.names.add(names, i);
                index.offsets[at] = offsets[i];
                index.lengths[at] = lengths[i];
                positions.computeIfAbsent(effective[i], n -> new ArrayList<>()).add(at);
                at++;
            }
            index.names.trim();
            positions.forEach((namespace, list) -> index.byNamespace.put(namespace, NamespaceIndex.of(list, index.names)));
            return index;
        }
    }

    /** One kind's objects in list order, with the positions of each namespace's objects. */
    private static final class KindIndex {
        final boolean namespaced;
        final PackedNames names = new PackedNames();
        final long[] offsets;
        final int[] lengths;
        final Map<String, NamespaceIndex> byNamespace = new HashMap<>();

        KindIndex(boolean namespaced, int size) {
            this.namespaced = namespaced;
            this.offsets = new long[size];
            this.lengths = new int[size];
        }

        /** The position of the object of this name in this namespace ("" for cluster-scoped), or -1. */
        int find(String namespace, String name) {
            NamespaceIndex inNamespace = byNamespace.get(namespace);
            if (inNamespace == null) {
                return -1;
            }
            byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
            int low = 0;
            int high = inNamespace.byName.length - 1;
            while (low <= high) {
                int mid = (low + high) >>> 1;
                int position = inNamespace.byName[mid];
                int c = names.compare(position, wanted);
                if (c == 0) {
                    return position;
                }
                if (c < 0) {
                    low = mid + 1;
                } else {
                    high = mid - 1;
                }
            }
            return -1;
        }
    }

    /** A namespace's positions in list order, and the same sorted by name for lookups. */
    private record NamespaceIndex(int[] inOrder, int[] byName) {

        static NamespaceIndex of(List<Integer> positions, PackedNames names) {
            int[] inOrder = positions.stream().mapToInt(Integer::intValue).toArray();
            int[] byName = positions.stream().sorted(names::compare).mapToInt(Integer::intValue).toArray();
            return new NamespaceIndex(inOrder, byName);
        }
    }

    /**
     * Names as UTF-8 in one array, in order of addition: a few bytes more than the name each, where
     * a String costs about 40 bytes more. Compared as unsigned bytes, the order of code points.
     */
    private static final class PackedNames {
        private byte[] bytes = new byte[256];
        private int[] ends = new int[16];
        private int size;

        void add(String name) {
            append(name.getBytes(StandardCharsets.UTF_8), 0, -1);
        }

        /** Adds the i-th name of another. */
        void add(PackedNames other, int i) {
            append(other.bytes, other.start(i), other.ends[i]);
        }

        private void append(byte[] from, int start, int end) {
            int length = end < 0 ? from.length : end - start;
            int at = size == 0 ? 0 : ends[size - 1];
            if (at + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, at + length));
            }
            if (size == ends.length) {
                ends = Arrays.copyOf(ends, Math.max(16, size * 2));
            }
            System.arraycopy(from, start, bytes, at, length);
            ends[size++] = at + length;
        }

        /** Drops the room kept for names to come. */
        void trim() {
            bytes = Arrays.copyOf(bytes, size == 0 ? 0 : ends[size - 1]);
            ends = Arrays.copyOf(ends, size);
        }

        private int start(int i) {
            return i == 0 ? 0 : ends[i - 1];
        }

        int compare(int i, int j) {
            return Arrays.compareUnsigned(bytes, start(i), ends[i], bytes, start(j), ends[j]);
        }

        int compare(int i, byte[] name) {
            return Arrays.compareUnsigned(bytes, start(i), ends[i], name, 0, name.length);
        }
    }

    /** The temporary file: appended through a buffer while building, read at offsets after. */
    private static final class Store {
        private final Path dir;
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        private long position;

        Store(Path dir) {
            this.dir = dir;
            Path file = createOwnerOnly(dir);
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the open failed already; that is the error to report
                }
                throw unavailable("cannot open", dir, e);
            }
        }

        long position() {
            return position;
        }

        int append(byte[] bytes) {
            try {
                if (bytes.length > buffer.remaining()) {
                    flush();
                }
                if (bytes.length > buffer.capacity()) {
                    writeFully(ByteBuffer.wrap(bytes));
                } else {
                    buffer.put(bytes);
                }
            } catch (IOException e) {
                throw unavailable("cannot write to", dir, e);
            }
            position += bytes.length;
            return bytes.length;
        }

        void flush() {
            buffer.flip();
            try {
                writeFully(buffer);
            } catch (IOException e) {
                throw unavailable("cannot write to", dir, e);
            } finally {
                buffer.clear();
            }
        }

        private void writeFully(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        byte[] read(long offset, int length) throws IOException {
            ByteBuffer into = ByteBuffer.allocate(length);
            while (into.hasRemaining()) {
                if (channel.read(into, offset + into.position()) < 0) {
                    throw new IOException("the temporary file in " + dir + " ended early");
                }
            }
            return into.array();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing deletes the file; a failure leaves it to the system's temporary directory cleaning
            }
        }
    }

    /** A new empty file in dir that only its owner can read or write (on file systems with POSIX permissions). */
    static Path createOwnerOnly(Path dir) {
        try {
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempFile(dir, "celador-lookups-", ".json",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return Files.createTempFile(dir, "celador-lookups-", ".json");
        } catch (IOException e) {
            throw unavailable("cannot create a file in", dir, e);
        }
    }

    private static Unavailable unavailable(String what, Path dir, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such directory"
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
        return new Unavailable(what + " the temporary directory " + dir + " for the objects lookups read (" + why
                + "); name a writable one with JAVA_OPTS=-Djava.io.tmpdir=DIR", e);
    }
}
