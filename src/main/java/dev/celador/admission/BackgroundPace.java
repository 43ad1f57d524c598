package dev.celador.admission;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Keeps work that can wait (the audit, the large lane) to a share of one core while webhook
 * requests are coming in: after each step the thread sleeps for as long as its share asks,
 * measured in the CPU time it used. Stepping aside for requests being answered does not cover
 * what the work costs the requests that come after it: each collection its allocation triggers
 * stops every thread, and what it asks of the API server (a LIST page) takes CPU from the same
 * nodes. With no request in the last second it runs at full speed.
 */
public final class BackgroundPace {

    private static final Logger LOG = Logger.getLogger(BackgroundPace.class);

    /** A request this recent means the webhook is busy. */
    static final long BUSY_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Sleep owed is paid once it reaches this (shorter sleeps cost more than they pace). */
    static final long SLEEP_FROM_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final double share;
    private final LongSupplier now;
    private final LongSupplier threadCpu;
    private final LongSupplier lastRequest;
    private final LongConsumer sleep;
    private long cpuMark = -1;
    private long owed;

    BackgroundPace(double share, LongSupplier now, LongSupplier threadCpu, LongSupplier lastRequest, LongConsumer sleep) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a share of a core is in (0, 1], not " + share);
        }
        this.share = share;
        this.now = now;
        this.threadCpu = threadCpu;
        this.lastRequest = lastRequest;
        this.sleep = sleep;
    }

    /** For the calling thread's steps, against the pool's requests. */
    public static BackgroundPace of(EvaluationPool requests, double share) {
        return of(requests::lastRequestNanos, share);
    }

    /** For the calling thread's steps, busy while lastRequest (System.nanoTime) is recent. */
    static BackgroundPace of(LongSupplier lastRequest, double share) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        LongSupplier cpu = threads.isCurrentThreadCpuTimeSupported() ? threads::getCurrentThreadCpuTime : System::nanoTime;
        return new BackgroundPace(share, System::nanoTime, cpu, lastRequest, nanos -> {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** A configured share when it is one of a core, in (0, 1]; otherwise the fallback, with a warning naming the setting. */
    public static double share(double configured, String setting, double fallback) {
        if (configured > 0 && configured <= 1) {
            return configured;
        }
        LOG.warnf("%s=%s is not a share of a core in (0, 1]: using %s", setting, configured, fallback);
        return fallback;
    }

    /** As {@link #share(double, String, double)} for a setting's text; unset is the fallback, text that is no number warns. */
    public static double share(String configured, String setting, double fallback) {
        if (configured == null || configured.isBlank()) {
            return fallback;
        }
        try {
            return share(Double.parseDouble(configured.trim()), setting, fallback);
        } catch (NumberFormatException e) {
            return share(Double.NaN, setting, fallback);
        }
    }

    /** After a step of work: sleeps when the webhook is busy and the share is used up; returns the nanoseconds slept. */
    public long step() {
        long cpu = threadCpu.getAsLong();
        long used = cpuMark < 0 ? 0 : cpu - cpuMark;
        cpuMark = cpu;
        if (now.getAsLong() - lastRequest.getAsLong() > BUSY_WINDOW_NANOS) {
            owed = 0;
            return 0;
        }
        owed += (long) (used * (1 / share - 1));
        if (owed < SLEEP_FROM_NANOS) {
            return 0;
        }
        long slept = owed;
        owed = 0;
        sleep.accept(slept);
        cpuMark = threadCpu.getAsLong();
        return slept;
    }
}
