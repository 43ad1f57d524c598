package dev.celador.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelProtoAbstractSyntaxTree;
import dev.cel.expr.CheckedExpr;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Type-checked expressions from earlier loads, kept in a file, so that a restart (or a reload that
 * changed one policy) skips parsing and type-checking every expression that did not change: on a
 * cold JVM those are most of a policy load's CPU. An entry is the checked AST (CEL's own protobuf
 * form) of an expression that compiled without error to the expected type; errors are never kept,
 * so a broken expression is reported on every load. The file carries the environment's
 * fingerprint (its libraries, declarations, options and CEL version); a file made by another
 * environment, or one that cannot be read, is ignored and rewritten.
 */
public final class CompileCache {

    private static final String MAGIC = "celador-compile-cache-1";

    private final Path file;
    private final String fingerprint;
    private final Map<String, byte[]> stored;
    /** What was compiled or reused since the last save, i.e. by the last load: what the next save writes (so the file follows the policies). */
    private final Map<String, byte[]> used = new ConcurrentHashMap<>();
    /** Entries decoded ahead of the load that will ask for them (see {@link #decodeAhead}); emptied at each save. */
    private final Map<String, CelAbstractSyntaxTree> decoded = new ConcurrentHashMap<>();
    private volatile boolean changed;
    private volatile boolean loadDone;

    private CompileCache(Path file, String fingerprint, Map<String, byte[]> stored) {
        this.file = file;
        this.fingerprint = fingerprint;
        this.stored = stored;
    }

    /**
     * The cache kept in file for an environment with this fingerprint, or, when file holds nothing
     * for it, the one in seed (may be null): the image carries a seed made from the shipped policies
     * at its build, so a new pod's first start reuses it too. Saves go to file, never to seed.
     */
    static CompileCache open(Path file, Path seed, String fingerprint) {
        Map<String, byte[]> entries = read(file, fingerprint);
        if (entries.isEmpty() && seed != null) {
            entries = read(seed, fingerprint);
        }
        return new CompileCache(file, fingerprint, entries);
    }

    private static Map<String, byte[]> read(Path file, String fingerprint) {
        Map<String, byte[]> entries = new ConcurrentHashMap<>();
        if (!Files.isRegularFile(file)) {
            return entries;
        }
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
            if (!MAGIC.equals(data.readUTF()) || !fingerprint.equals(data.readUTF())) {
                return entries;
            }
            int count = data.readInt();
            for (int i = 0; i < count; i++) {
                String key = new String(bytes(data), java.nio.charset.StandardCharsets.UTF_8);
                entries.put(key, bytes(data));
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            return new ConcurrentHashMap<>(); // truncated or foreign: start over
        }
    }

    private static byte[] bytes(DataInputStream data) throws IOException {
        int length = data.readInt();
        if (length < 0 || length > 64 * 1024 * 1024) {
            throw new IOException("bad entry length " + length);
        }
        return data.readNBytes(length);
    }

    /** The checked AST kept for this expression and expected type, or null. */
    CelAbstractSyntaxTree get(String expression, ExpectedType expected) {
        String key = key(expression, expected);
        byte[] proto = stored.get(key);
        if (proto == null) {
            return null;
        }
        CelAbstractSyntaxTree ast = decoded.remove(key);
        if (ast == null) {
            ast = decode(proto);
        }
        if (ast == null) {
            stored.remove(key);
            return null;
        }
        used.put(key, proto);
        return ast;
    }

    /**
     * Decodes the stored entries on the calling thread, ahead of the first load that will ask for
     * them: on a cold JVM an entry takes a few milliseconds to decode, and at start-up the thread
     * that built the environment has nothing else to do while the policy files are read and compiled.
     * Stops when that load is done (the next save); entries nobody asked for are then dropped.
     */
    void decodeAhead() {
        for (Map.Entry<String, byte[]> e : stored.entrySet()) {
            if (loadDone) {
                return;
            }
            if (!decoded.containsKey(e.getKey()) && !used.containsKey(e.getKey())) {
                CelAbstractSyntaxTree ast = decode(e.getValue());
                if (ast != null && !loadDone) {
                    decoded.put(e.getKey(), ast);
                }
            }
        }
    }

    private static CelAbstractSyntaxTree decode(byte[] proto) {
        try {
            return CelProtoAbstractSyntaxTree.fromCheckedExpr(CheckedExpr.parseFrom(proto)).getAst();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps the checked AST of an expression that compiled to the expected type. */
    void put(String expression, ExpectedType expected, CelAbstractSyntaxTree ast) {
        try {
            byte[] proto = CelProtoAbstractSyntaxTree.fromCelAst(ast).toCheckedExpr().toByteArray();
            String key = key(expression, expected);
            stored.put(key, proto);
            used.put(key, proto);
            changed = true;
        } catch (RuntimeException e) {
            // An AST the protobuf form cannot hold is compiled again next time.
        }
    }

    /**
     * Writes the entries used since the last save (by the load that just ended), when it compiled
     * anything new or the file holds more than that (replaced atomically, so a concurrent start
     * reads the old file or the new one). The next load starts a new list.
     */
    public void save() throws IOException {
        loadDone = true;
        decoded.clear();
        Map<String, byte[]> entries = Map.copyOf(used);
        used.clear();
        if (!changed && entries.size() == stored.size()) {
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(buffer)) {
            data.writeUTF(MAGIC);
            data.writeUTF(fingerprint);
            data.writeInt(entries.size());
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                byte[] key = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                data.writeInt(key.length);
                data.write(key);
                data.writeInt(e.getValue().length);
                data.write(e.getValue());
            }
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, buffer.toByteArray());
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        changed = false;
    }

    int size() {
        return stored.size();
    }

    /** Entries decoded ahead and not yet asked for. */
    int decodedAhead() {
        return decoded.size();
    }

    private static String key(String expression, ExpectedType expected) {
        return expected.name() + '\n' + expression;
    }
}
