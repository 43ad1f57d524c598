package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Threads that may wait run at a lower operating-system priority, and only they do. */
class OsThreadPriorityTest {

    @Test
    void aLaneThreadRunsItsTasksAtTheNiceValueItWasGiven() throws Exception {
        assumeTrue(OsThreadPriority.currentNice().isPresent(), "Linux /proc needed");
        int before = OsThreadPriority.currentNice().getAsInt();
        assumeTrue(before < 10, "the test JVM already runs at nice " + before);
        ExecutorService lane = Executors.newSingleThreadExecutor(OsThreadPriority.threads("test-low-", 10));
        try {
            OptionalInt inLane = CompletableFuture.supplyAsync(OsThreadPriority::currentNice, lane).get(10, TimeUnit.SECONDS);
            String name = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), lane).get(10, TimeUnit.SECONDS);
            assertThat(inLane).hasValue(10);
            assertThat(name).isEqualTo("test-low-1");
        } finally {
            lane.shutdownNow();
        }
        // the thread that started the lane, and so the rest of the process, keeps its priority
        assertThat(OsThreadPriority.currentNice()).hasValue(before);
    }

    @Test
    void theLargeLaneOfTheEvaluationPoolIsLoweredAndTheLookupLaneIsNot() throws Exception {
        assumeTrue(OsThreadPriority.currentNice().isPresent(), "Linux /proc needed");
        int before = OsThreadPriority.currentNice().getAsInt();
        assumeTrue(before < EvaluationPool.LARGE_NICE, "the test JVM already runs at nice " + before);
        try (EvaluationPool pool = new EvaluationPool(1, 1, 1024)) {
            OptionalInt large = pool.submitLarge(10, OsThreadPriority::currentNice).toCompletableFuture().get(10, TimeUnit.SECONDS);
            OptionalInt lookup = pool.submitLookup(OsThreadPriority::currentNice).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(large).hasValue(EvaluationPool.LARGE_NICE);
            assertThat(lookup).hasValue(before);
        }
    }
}
