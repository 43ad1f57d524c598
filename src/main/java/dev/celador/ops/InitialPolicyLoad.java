package dev.celador.ops;

import dev.celador.engine.PolicySnapshot;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The first load of the policy directory, run on a thread of its own so that it overlaps Quarkus'
 * boot: on a cold JVM, building the CEL environment, reading the YAML and compiling the policies
 * take about as long as the boot itself, and the machine has a second core for it.
 * {@code celador serve} starts it before Quarkus boots ({@link #startEarly}); the webhook picks it up
 * ({@link #forDirectory}), or starts one itself when nothing was started early (tests, dev mode).
 * Readiness stays DOWN and the engine refuses requests until the result is published.
 */
public final class InitialPolicyLoad {

    /** What the first load produced, with the tree's fingerprint taken before it was read. */
    public record Loaded(PolicySnapshot snapshot, String fingerprint) {
    }

    /** Started by serve before Quarkus boots; taken (once) by the webhook's producer. */
    private static final AtomicReference<InitialPolicyLoad> EARLY = new AtomicReference<>();

    private final Path dir;
    private final CompletableFuture<Loaded> result;

    private InitialPolicyLoad(Path dir, CompletableFuture<Loaded> result) {
        this.dir = dir;
        this.result = result;
    }

    /** Starts loading dir now, for the webhook that is about to boot. */
    public static void startEarly(Path dir) {
        EARLY.set(start(dir, InitialPolicyLoad::read));
    }

    /** The load started early for this directory, or a new one started now. */
    static InitialPolicyLoad forDirectory(Path dir) {
        InitialPolicyLoad early = EARLY.getAndSet(null);
        if (early != null && early.dir.equals(normalized(dir))) {
            return early;
        }
        return start(dir, InitialPolicyLoad::read);
    }

    /** Runs load(dir) on a daemon thread; the thread is named so it is recognisable in thread dumps and profiles. */
    static InitialPolicyLoad start(Path dir, Function<Path, Loaded> load) {
        Path normalized = normalized(dir);
        CompletableFuture<Loaded> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(load.apply(normalized));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "celador-policy-load");
        thread.setDaemon(true);
        thread.start();
        return new InitialPolicyLoad(normalized, result);
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
        String fingerprint = PolicyReloader.fingerprint(dir);
        return new Loaded(new PolicySnapshot(EngineProducer.compile(dir)), fingerprint);
    }

    private static Path normalized(Path dir) {
        return dir.toAbsolutePath().normalize();
    }
}
