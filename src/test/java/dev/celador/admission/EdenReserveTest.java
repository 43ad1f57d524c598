package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdenReserveTest {

    private static final long MIB = 1024 * 1024;

    /** An eden of 36 MiB whose use the test sets, and which a collection empties. */
    private final class FakeEden implements EdenReserve.Eden {
        long used;

        @Override
        public long used() {
            return used;
        }

        @Override
        public long capacity() {
            return 36 * MIB;
        }
    }

    private final FakeEden eden = new FakeEden();
    private final List<String> events = new ArrayList<>();
    private long allocatedByThread;
    private final EdenReserve reserve = new EdenReserve(eden, () -> allocatedByThread, () -> {
        events.add("collect");
        eden.used = 0;
    });

    @Test
    void aBodyThatFitsInWhatEdenHasLeftRunsWithoutACollection() {
        eden.used = 10 * MIB;

        String result = reserve.around(MIB, () -> "judged");

        assertThat(result).isEqualTo("judged");
        assertThat(events).isEmpty();
    }

    @Test
    void aBodyThatWouldNotFitHasEdenCollectedBeforeItsWorkStarts() {
        eden.used = 20 * MIB;

        reserve.around(MIB, () -> events.add("work at eden use " + eden.used));

        assertThat(events).containsExactly("collect", "work at eden use 0");
    }

    @Test
    void aNearlyEmptyEdenIsNotCollectedEvenForABodyBiggerThanIt() {
        eden.used = 2 * MIB;

        reserve.around(4 * MIB, () -> "judged");

        assertThat(events).isEmpty();
    }

    @Test
    void theRoomABodyNeedsIsLearnedFromWhatEarlierBodiesAllocated() {
        eden.used = 0;
        reserve.around(MIB, () -> allocatedByThread += 24 * MIB);
        assertThat(reserve.bytesPerBodyByte()).isEqualTo(24.0);

        eden.used = 8 * MIB; // 28 MiB left: room for 16 bytes per byte and the margin (20), not for 24 (30)
        reserve.around(MIB, () -> "judged");

        assertThat(events).containsExactly("collect");
    }

    @Test
    void aLowerAllocationLowersTheEstimateSlowly() {
        reserve.learn(MIB, 30 * MIB);
        reserve.learn(MIB, 10 * MIB);

        assertThat(reserve.bytesPerBodyByte()).isEqualTo(26.0);
    }

    @Test
    void theReserveExistsExactlyForCollectorsWithAFixedEden() {
        boolean fixedEden = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .anyMatch(name -> name.equals("Copy") || name.equals("PS Scavenge"));

        assertThat(EdenReserve.forThisJvm().isPresent()).isEqualTo(fixedEden);
    }
}
