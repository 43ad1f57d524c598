package dev.celador.ops;

import dev.celador.cel.CelEnvironment;
import dev.celador.cel.CompileCache;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.PolicyTree;
import dev.celador.engine.LastGoodLoader;
import java.util.Map;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The first load of the policy directory, run beside Quarkus' boot: on a cold JVM, building the
 * CEL environment, reading the YAML and compiling the policies take about as long as the boot
 * itself, and the machine has a second core for them. The CEL environment depends on no option, so
 * {@code celador serve} starts building it first thing in main ({@link #prepareEnvironment}), and
 * the policy files are read on a second thread meanwhile ({@link #startEarly}, once the options are
 * parsed); the webhook picks the load up ({@link #forDirectory}), or starts one itself when nothing
 * was started early (tests, dev mode). Readiness stays DOWN and the engine refuses requests until
 * the result is published.
 */
public final class InitialPolicyLoad {

    private static final Logger LOG = Logger.getLogger(InitialPolicyLoad.class);

    /**
     * What the first load produced, with the tree's fingerprint taken before it was read and the CEL
     * environment it compiled with (the reloader keeps compiling with it, and with its compile cache).
     */
    public record Loaded(PolicySnapshot snapshot, String fingerprint, CelEnvironment cel, LastGoodLoader loader) {
    }

    /** Started by serve before Quarkus boots; taken (once) by the webhook's producer. */
    private static final AtomicReference<InitialPolicyLoad> EARLY = new AtomicReference<>();
    /** Started by serve's main before its options are parsed; taken (once) by the load. */
    private static final AtomicReference<CompletableFuture<CelEnvironment>> EARLY_ENVIRONMENT = new AtomicReference<>();

    private final Path dir;
    private final CompletableFuture<Loaded> result;

    private InitialPolicyLoad(Path dir, CompletableFuture<Loaded> result) {
        this.dir = dir;
        this.result = result;
    }

    /** How this process makes CEL environments: serve's keep a compile cache, others (tests) none. */
    private static volatile Supplier<CelEnvironment> environments = CelEnvironment::new;

    /** Where serve keeps its compile cache (see {@link CompileCache}); the system property "none" keeps none. */
    static final String COMPILE_CACHE_PROPERTY = "celador.compile-cache";
    /** A cache file to start from while the cache holds nothing (the image's, made at its build). */
    static final String COMPILE_CACHE_SEED_PROPERTY = "celador.compile-cache.seed";

    /**
     * Starts building the CEL environment now, for the load that serve is about to start; it keeps
     * type-checked expressions in the compile cache file, so a restart with the same policies skips
     * most of the compiling.
     */
    public static void prepareEnvironment() {
        String where = System.getProperty(COMPILE_CACHE_PROPERTY,
                Path.of(System.getProperty("java.io.tmpdir"), "celador", "compile-cache").toString());
        if (!where.isBlank() && !where.equals("none")) {
            Path file = Path.of(where);
            String seed = System.getProperty(COMPILE_CACHE_SEED_PROPERTY, "");
            Path seedFile = seed.isBlank() ? null : Path.of(seed);
            environments = () -> CelEnvironment.withCompileCache(file, seedFile);
        }
        // Once the environment is handed over, its thread decodes the compile cache for the load.
        EARLY_ENVIRONMENT.set(onThread("celador-cel-environment", environments, CelEnvironment::decodeCompileCacheAhead));
    }

    /** Writes the environment's compile cache; a cache that cannot be written only costs the next start time. */
    static void saveCompileCache(CelEnvironment cel) {
        try {
            cel.saveCompileCache();
        } catch (IOException | RuntimeException e) {
            LOG.debugf("compile cache not written: %s", e.getMessage());
        }
    }

    /**
     * Starts loading dir now, for the webhook that is about to boot, unless a load of dir has started
     * already; returns the load the webhook will take.
     */
    public static synchronized InitialPolicyLoad startEarly(Path dir) {
        InitialPolicyLoad current = EARLY.get();
        if (current == null || !current.dir.equals(normalized(dir))) {
            current = start(dir, InitialPolicyLoad::read);
            EARLY.set(current);
        }
        return current;
    }

    /** The load started early for this directory, or a new one started now. */
    static InitialPolicyLoad forDirectory(Path dir) {
        InitialPolicyLoad early = EARLY.getAndSet(null);
        if (early != null && early.dir.equals(normalized(dir))) {
            return early;
        }
        return start(dir, InitialPolicyLoad::read);
    }

    /**
     * Runs load(dir) on a daemon thread of its own. The directory is read as given, so problems name
     * files as the reloader will (relative when dir is); it is compared normalised.
     */
    static InitialPolicyLoad start(Path dir, Function<Path, Loaded> load) {
        return new InitialPolicyLoad(normalized(dir), onThread("celador-policy-load", () -> load.apply(dir)));
    }

    /** A daemon thread named so that it is recognisable in thread dumps and profiles. */
    private static <T> CompletableFuture<T> onThread(String name, Supplier<T> work) {
        return onThread(name, work, done -> { });
    }

    /** As above, going on with then(result) once the result is handed over; then's failures are only logged. */
    private static <T> CompletableFuture<T> onThread(String name, Supplier<T> work, java.util.function.Consumer<T> then) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            T value;
            try {
                value = work.get();
                result.complete(value);
            } catch (Throwable t) {
                result.completeExceptionally(t);
                return;
            }
            try {
                then.accept(value);
            } catch (RuntimeException e) {
                LOG.debugf("%s: %s", name, e.getMessage());
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Completes with the loaded set, or exceptionally when the load itself failed (not when policies have problems). */
    CompletableFuture<Loaded> result() {
        return result;
    }

    /**
     * The fingerprint is taken before the files are read, so a change made while they are being
     * compiled shows as a difference at the reloader's first check instead of being lost.
     */
    private static Loaded read(Path dir) {
        CompletableFuture<CelEnvironment> environment = EARLY_ENVIRONMENT.getAndSet(null);
        if (environment == null) {
            environment = onThread("celador-cel-environment", environments);
        }
        String fingerprint = PolicyReloader.fingerprint(dir);
        // Reading and parsing the YAML runs while the other thread builds the CEL environment.
        PolicyTree tree = PolicyTree.read(dir);
        Map<String, PolicyLoader.FileDocuments> documents = new PolicyLoader().parse(tree);
        CelEnvironment cel = environment.join();
        LastGoodLoader loader = new LastGoodLoader(new PolicyCompiler(cel));
        PolicySnapshot snapshot = new PolicySnapshot(loader.load(tree, documents));
        saveCompileCache(cel);
        return new Loaded(snapshot, fingerprint, cel, loader);
    }

    private static Path normalized(Path dir) {
        return dir.toAbsolutePath().normalize();
    }
}
