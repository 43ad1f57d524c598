package dev.celador.admission;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads that answer the requests the event loop hands off: a large object, whose evaluation
 * may take a while, and a lookup whose cache miss the API server must confirm. One thread per core
 * and a bounded queue: when it is full, the answer is HTTP 503 and the API server applies the
 * webhook's failurePolicy, as when no replica answers, instead of requests piling up in memory.
 */
public final class EvaluationPool implements AutoCloseable {

    /** Requests waiting beyond the running ones before new ones are turned away. */
    static final int QUEUE = 512;

    private final ThreadPoolExecutor executor;

    public EvaluationPool() {
        this(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    EvaluationPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "celador-evaluation-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs work on the pool; the stage fails with RejectedExecutionException when the queue is full. */
    public <T> CompletionStage<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
