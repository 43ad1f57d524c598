package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Large bodies wait in bounded bytes and never hold up the requests that only wait for the API
 * server, and the other way round.
 */
class EvaluationPoolTest {

    private static final int MIB = 1024 * 1024;

    private final CountDownLatch release = new CountDownLatch(1);
    private final EvaluationPool pool = new EvaluationPool(1, 2, 3L * MIB);

    @AfterEach
    void close() {
        release.countDown();
        pool.close();
    }

    private String blocked(String name) {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return name;
    }

    private static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void aLargeBodyBeyondTheBytesWaiting_isTurnedAway_andAcceptedOnceTheOthersAreDone() throws Exception {
        CompletionStage<String> first = pool.submitLarge(2 * MIB, () -> blocked("first"));
        CompletionStage<String> second = pool.submitLarge(MIB, () -> "second");
        CompletionStage<String> third = pool.submitLarge(MIB, () -> "third");

        assertThat(failure(third)).isInstanceOf(RejectedExecutionException.class);
        release.countDown();
        assertThat(first.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(second.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("second");
        assertThat(pool.largeBytes()).isZero();
        assertThat(pool.submitLarge(MIB, () -> "again").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("again");
    }

    @Test
    void oneBodyOverTheLimit_runsWhenNothingElseWaits() throws Exception {
        assertThat(pool.submitLarge(10 * MIB, () -> "alone").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("alone");
    }

    @Test
    void aLookupIsAnswered_whileTheLargeLaneIsBusy() throws Exception {
        pool.submitLarge(MIB, () -> blocked("large"));

        assertThat(pool.submitLookup(() -> "lookup").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("lookup");
    }

    @Test
    void aFailedEvaluationReleasesItsBytes() {
        CompletionStage<String> failing = pool.submitLarge(2 * MIB, () -> {
            throw new IllegalStateException("broken");
        });

        assertThat(failure(failing)).isInstanceOf(IllegalStateException.class);
        assertThat(pool.largeBytes()).isZero();
    }

    @Test
    void aFullLookupLane_isTurnedAway() {
        for (int i = 0; i < 2; i++) {
            pool.submitLookup(() -> blocked("running"));
        }
        for (int i = 0; i < EvaluationPool.LOOKUP_QUEUE; i++) {
            pool.submitLookup(() -> "queued");
        }

        assertThatThrownBy(() -> pool.submitLookup(() -> "one too many").toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RejectedExecutionException.class);
    }

    /** Work that uses this much CPU time on its thread (a large review's evaluation). */
    private static String burn(long cpuMillis) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(cpuMillis);
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            x += System.nanoTime() % 7;
        }
        return "burned " + (x >= 0);
    }

    private static void runLarge(EvaluationPool lanes, int bodies) throws Exception {
        for (int i = 0; i < bodies; i++) {
            lanes.submitLarge(MIB, () -> burn(20)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLargeLane_keepsToItsShare_whileSmallReviewsComeIn() throws Exception {
        try (EvaluationPool lanes = new EvaluationPool(1, 1, 3L * MIB, java.util.Optional.empty(), 0.25)) {
            lanes.requestStarted(false);
            lanes.requestFinished();

            runLarge(lanes, 3);

            // 20 ms of CPU at a quarter of a core owes 60 ms of sleep, paid before the next body.
            assertThat(lanes.largeLanePacedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    @Test
    void theLargeLane_runsAtFullSpeed_whenOnlyLargeReviewsComeIn() throws Exception {
        try (EvaluationPool lanes = new EvaluationPool(1, 1, 3L * MIB, java.util.Optional.empty(), 0.25)) {
            lanes.requestStarted(true);
            lanes.requestFinished();

            runLarge(lanes, 3);

            assertThat(lanes.largeLanePacedNanos()).isZero();
        }
    }

    @Test
    void backgroundWork_goesOnAtOnce_whenNoRequestIsBeingAnswered() {
        assertThat(pool.yieldToRequests(TimeUnit.SECONDS.toNanos(5))).isZero();
    }

    @Test
    void backgroundWork_waitsWhileARequestIsAnswered_andGoesOnWhenItIsDone() throws Exception {
        pool.requestStarted(false);
        CountDownLatch started = new CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Long> background = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return pool.yieldToRequests(TimeUnit.SECONDS.toNanos(10));
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(background).as("still waiting behind the request").isNotDone();

        pool.requestFinished();

        // Measured from when it began to wait, which a busy machine may delay: more than nothing, less than its bound.
        long waited = background.get(5, TimeUnit.SECONDS);
        assertThat(waited).isBetween(1L, TimeUnit.SECONDS.toNanos(5));
        assertThat(pool.requestsInProgress()).isZero();
    }

    @Test
    void backgroundWork_waitsNoLongerThanItsBound_underConstantRequests() {
        pool.requestStarted(false);
        try {
            long waited = pool.yieldToRequests(TimeUnit.MILLISECONDS.toNanos(50));

            assertThat(waited).isBetween(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(5));
        } finally {
            pool.requestFinished();
        }
    }
}
