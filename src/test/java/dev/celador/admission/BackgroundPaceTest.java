package dev.celador.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Background work keeps to its share of a core while webhook requests come in, and runs free otherwise. */
class BackgroundPaceTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private long now = 100_000 * MS;
    private long cpu;
    private long lastRequest = now - TimeUnit.DAYS.toNanos(1);
    private final List<Long> sleeps = new ArrayList<>();

    private BackgroundPace pace(double share) {
        return new BackgroundPace(share, () -> now, () -> cpu, () -> lastRequest, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    private void work(BackgroundPace pace, long cpuNanos) {
        cpu += cpuNanos;
        now += cpuNanos;
        pace.step();
    }

    @Test
    void withNoRecentRequestTheWorkNeverSleeps() {
        BackgroundPace pace = pace(0.25);
        pace.step();
        for (int i = 0; i < 100; i++) {
            work(pace, 5 * MS);
        }
        assertThat(sleeps).isEmpty();
    }

    @Test
    void whileRequestsComeInAQuarterShareSleepsThreeTimesTheCpuItUsed() {
        BackgroundPace pace = pace(0.25);
        pace.step();
        lastRequest = now;
        work(pace, 20 * MS);
        assertThat(sleeps).containsExactly(60 * MS);
    }

    @Test
    void shortStepsAddUpBeforeTheySleep() {
        BackgroundPace pace = pace(0.5);
        pace.step();
        lastRequest = now;
        for (int i = 0; i < 9; i++) {
            work(pace, MS);
        }
        assertThat(sleeps).isEmpty();
        work(pace, MS);
        assertThat(sleeps).containsExactly(10 * MS);
    }

    @Test
    void overALongRunTheWorkGetsItsShareOfTheTime() {
        BackgroundPace pace = pace(0.25);
        pace.step();
        long start = now;
        long cpuStart = cpu;
        for (int i = 0; i < 1000; i++) {
            lastRequest = now; // a steady stream of requests
            work(pace, 2 * MS);
        }
        double share = (double) (cpu - cpuStart) / (now - start);
        assertThat(share).isBetween(0.24, 0.26);
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> pace(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pace(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConfiguredShareIsKeptWhenItIsOneOfACore_andFallsBackWhenItIsNot() {
        assertThat(BackgroundPace.share("0.5", "celador.x", 0.25)).isEqualTo(0.5);
        assertThat(BackgroundPace.share(" 1 ", "celador.x", 0.25)).isEqualTo(1.0);
        assertThat(BackgroundPace.share((String) null, "celador.x", 0.25)).as("unset").isEqualTo(0.25);
        assertThat(BackgroundPace.share("fast", "celador.x", 0.25)).as("no number").isEqualTo(0.25);
        assertThat(BackgroundPace.share("2", "celador.x", 0.25)).as("more than a core").isEqualTo(0.25);
        assertThat(BackgroundPace.share("0", "celador.x", 0.25)).isEqualTo(0.25);
        assertThat(BackgroundPace.share("NaN", "celador.x", 0.25)).isEqualTo(0.25);
    }
}
