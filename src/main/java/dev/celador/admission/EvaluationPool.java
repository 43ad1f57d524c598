package dev.celador.admission;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The threads that answer the requests the event loop hands off, in two lanes so neither waits for
 * the other. Large objects are CPU-bound: one thread fewer than the cores (at least one), so an
 * event loop always keeps a core for the small requests, and one large tree at a time per thread
 * keeps the heap's live set (and so the collector's pauses) small; what waits is the body's bytes,
 * bounded in total. Lookups whose cache miss the API server must confirm wait on the network, not
 * the CPU: a few more threads, and a bounded queue. When a lane is full the answer is HTTP 503 and
 * the API server applies the webhook's failurePolicy, as when no replica answers, instead of
 * requests piling up in memory. Before a large body runs, {@link EdenReserve} has the young
 * generation collected if the body would not fit in what is left of it, so the stop-the-world
 * copy happens while no large tree is live.
 *
 * <p>The large lane runs at a lower operating-system priority ({@link OsThreadPriority}): a
 * small review that wakes up takes the core from it at once. While small reviews are coming in,
 * the large lane also keeps to a share of a core ({@link BackgroundPace}): a 1 MiB review allocates
 * about six times its size, and each young collection that allocation triggers stops the small
 * reviews too, whatever their priority. Background work (the audit) has the lowest lane: its own
 * thread, which before each step waits while webhook requests are being answered
 * ({@link #yieldToRequests}) and keeps to its own share.
 */
public final class EvaluationPool implements AutoCloseable {

    /** Bytes of large bodies waiting or running before new ones are turned away (one body alone always runs). */
    static final long LARGE_BYTES = 64L * 1024 * 1024;
    /**
     * The large lane's nice value: while small reviews want the CPU it gets about a tenth of a
     * core's share, and all of what they leave (see {@link OsThreadPriority}).
     */
    static final int LARGE_NICE = Integer.getInteger("celador.large-lane-nice", 10);
    /** The share of a core the large lane keeps to while small reviews come in (all of it otherwise). */
    static final double LARGE_SHARE = BackgroundPace.share(System.getProperty("celador.large-lane.cpu-share-when-busy"),
            "celador.large-lane.cpu-share-when-busy", 0.25);
    /** Lookup-bound requests waiting beyond the running ones before new ones are turned away. */
    static final int LOOKUP_QUEUE = 512;

    private final ThreadPoolExecutor large;
    private final ThreadPoolExecutor lookups;
    private final long largeBytesLimit;
    private final AtomicLong largeBytes = new AtomicLong();
    private final AtomicLong largePaced = new AtomicLong();
    private final Optional<EdenReserve> eden;
    private final AtomicInteger answering = new AtomicInteger();
    private final Object quiet = new Object();
    private volatile long lastRequestNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private volatile long lastSmallRequestNanos = lastRequestNanos;
    private final double largeShare;
    // Each large-lane thread paces itself on its own CPU time.
    private final ThreadLocal<BackgroundPace> largePace = ThreadLocal.withInitial(this::newLargePace);

    public EvaluationPool() {
        this(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                LARGE_BYTES, Boolean.parseBoolean(System.getProperty("celador.eden-reserve", "true")) ? EdenReserve.forThisJvm() : Optional.empty());
    }

    EvaluationPool(int largeThreads, int lookupThreads, long largeBytesLimit) {
        this(largeThreads, lookupThreads, largeBytesLimit, Optional.empty());
    }

    EvaluationPool(int largeThreads, int lookupThreads, long largeBytesLimit, Optional<EdenReserve> eden) {
        this(largeThreads, lookupThreads, largeBytesLimit, eden, LARGE_SHARE);
    }

    EvaluationPool(int largeThreads, int lookupThreads, long largeBytesLimit, Optional<EdenReserve> eden, double largeShare) {
        this.largeShare = largeShare;
        this.large = executor(largeThreads, new LinkedBlockingQueue<>(), OsThreadPriority.threads("celador-large-", LARGE_NICE));
        this.lookups = executor(lookupThreads, new ArrayBlockingQueue<>(LOOKUP_QUEUE), OsThreadPriority.threads("celador-lookup-", 0));
        this.largeBytesLimit = largeBytesLimit;
        this.eden = eden;
    }

    private static ThreadPoolExecutor executor(int threads, java.util.concurrent.BlockingQueue<Runnable> queue, ThreadFactory factory) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue, factory);
    }

    /**
     * Evaluates a large body's request on the large lane; the stage fails with
     * RejectedExecutionException when the bodies already there hold the lane's bytes.
     */
    public <T> CompletionStage<T> submitLarge(int bytes, Supplier<T> work) {
        long before = largeBytes.getAndAdd(bytes);
        if (before > 0 && before + bytes > largeBytesLimit) {
            largeBytes.addAndGet(-bytes);
            return CompletableFuture.failedFuture(new RejectedExecutionException("large bodies waiting: " + before + " bytes"));
        }
        return submit(large, () -> {
            try {
                largePaced.addAndGet(largePace.get().step()); // pays for the bodies before it, not after this one's answer
                return eden.isPresent() ? eden.get().around(bytes, work) : work.get();
            } finally {
                largeBytes.addAndGet(-bytes);
            }
        }, () -> largeBytes.addAndGet(-bytes));
    }

    /** Runs a request that must wait for the API server; the stage fails with RejectedExecutionException when the lane is full. */
    public <T> CompletionStage<T> submitLookup(Supplier<T> work) {
        return submit(lookups, work, () -> { });
    }

    private static <T> CompletionStage<T> submit(ThreadPoolExecutor executor, Supplier<T> work, Runnable onRejected) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            onRejected.run();
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A webhook request is being answered (inline on the event loop or on a lane): background work
     * waits, and a small one (not for the large lane) makes the large lane keep to its share.
     */
    void requestStarted(boolean large) {
        long now = System.nanoTime();
        lastRequestNanos = now;
        if (!large) {
            lastSmallRequestNanos = now;
        }
        answering.incrementAndGet();
    }

    private BackgroundPace newLargePace() {
        return BackgroundPace.of(() -> lastSmallRequestNanos, largeShare);
    }

    /** When the last webhook request started (System.nanoTime), for {@link BackgroundPace}. */
    long lastRequestNanos() {
        return lastRequestNanos;
    }

    void requestFinished() {
        if (answering.decrementAndGet() == 0) {
            synchronized (quiet) {
                quiet.notifyAll();
            }
        }
    }

    /** Webhook requests being answered now. */
    public int requestsInProgress() {
        return answering.get();
    }

    /**
     * Background work's lane: returns once no webhook request is being answered, or after maxNanos
     * (so background work still moves under constant load); returns the nanoseconds it waited.
     */
    public long yieldToRequests(long maxNanos) {
        if (answering.get() == 0) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + maxNanos;
        synchronized (quiet) {
            long left;
            while (answering.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    quiet.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return System.nanoTime() - start;
    }

    /** Nanoseconds the large lane has slept to keep to its share. */
    long largeLanePacedNanos() {
        return largePaced.get();
    }

    /** Bytes of large bodies waiting or being evaluated now. */
    long largeBytes() {
        return largeBytes.get();
    }

    @Override
    public void close() {
        large.shutdown();
        lookups.shutdown();
    }
}
