package dev.celador.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VmStopsTest {

    private static final List<String> LOG = List.of(
            "[1000ms] Safepoint \"Cleanup\", Time since last: 1000264505 ns, Reaching safepoint: 162196 ns, Cleanup: 1125 ns, At safepoint: 45498 ns, Total: 208819 ns",
            "[2000ms] GC(7) Pause Young (Allocation Failure) 60M->20M(300M) 3.100ms",
            "[2000ms] Safepoint \"GenCollectForAllocation\", Time since last: 5000 ns, Reaching safepoint: 40600000 ns, Cleanup: 1 ns, At safepoint: 3200000 ns, Total: 43800000 ns",
            "[3000ms] GC(8) Pause Full (Allocation Failure) 250M->90M(300M) 235.000ms",
            "[3000ms] Safepoint \"GenCollectForAllocation\", Time since last: 5000 ns, Reaching safepoint: 100000 ns, Cleanup: 1 ns, At safepoint: 235000000 ns, Total: 235100000 ns",
            "[9000ms] Safepoint \"GenCollectForAllocation\", Time since last: 5000 ns, Reaching safepoint: 100000 ns, Cleanup: 1 ns, At safepoint: 9000000 ns, Total: 9100000 ns");

    @Test
    void aWindowCountsItsOwnStopsTheirLongestAndTheWaitToReachThem() {
        VmStops.Summary s = VmStops.summarise(LOG, 500, 3500);
        assertEquals(2, s.stopsOver1ms(), "the 0.2 ms cleanup is under 1 ms; the one at 9 s is outside");
        assertEquals(0.208819 + 43.8 + 235.1, s.stoppedMillis(), 1e-6);
        assertEquals(235.1, s.longestMillis(), 1e-6);
        assertEquals(40.6, s.longestReachMillis(), 1e-6);
        assertEquals(1, s.fullCollections());
    }

    @Test
    void aWindowWithoutStopsIsEmpty() {
        VmStops.Summary s = VmStops.summarise(LOG, 4000, 8000);
        assertEquals(new VmStops.Summary(0, 0, 0, 0, 0), s);
    }
}
