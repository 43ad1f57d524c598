package dev.celador.admission;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Makes room in the young generation before a large body is parsed and judged, so that the young
 * collection its allocation would trigger half-way happens before it starts instead. A collection
 * stops every thread while it copies what is live; half-way through a 1 MiB StatefulSet that is
 * its whole parsed tree (about 180,000 objects, 8-20 ms on one core), and the small reviews on the
 * event loop wait as long. At the start, nothing large is live and the copy takes a millisecond or
 * two. The room a body needs is learned from what earlier large bodies allocated per byte.
 *
 * <p>Only for collectors whose eden has a fixed capacity (Serial and Parallel, as the image runs);
 * with any other collector, or when the JVM does not report allocation per thread, it does nothing.
 */
final class EdenReserve {

    /** The young generation's allocation space as the JVM reports it. */
    interface Eden {
        long used();

        long capacity();
    }

    /** Allocation per body byte assumed before any large body was measured (a 1 MiB StatefulSet allocates about 6). */
    static final double INITIAL_BYTES_PER_BODY_BYTE = 16;
    /** Headroom over the learned allocation, for the small reviews allocating meanwhile. */
    static final double MARGIN = 1.25;

    private final Eden eden;
    private final LongSupplier threadAllocatedBytes;
    private final Runnable collect;
    private volatile double bytesPerBodyByte = INITIAL_BYTES_PER_BODY_BYTE;

    EdenReserve(Eden eden, LongSupplier threadAllocatedBytes, Runnable collect) {
        this.eden = eden;
        this.threadAllocatedBytes = threadAllocatedBytes;
        this.collect = collect;
    }

    /** The reserve for this JVM, or none when its collector or its management beans do not allow one. */
    static Optional<EdenReserve> forThisJvm() {
        Optional<MemoryPoolMXBean> pool = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getName().endsWith("Eden Space"))
                .filter(p -> p.getUsage() != null && p.getUsage().getMax() > 0)
                .findFirst();
        if (pool.isEmpty()
                || !(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            return Optional.empty();
        }
        threads.setThreadAllocatedMemoryEnabled(true);
        MemoryPoolMXBean edenPool = pool.get();
        Eden eden = new Eden() {
            @Override
            public long used() {
                return edenPool.getUsage().getUsed();
            }

            @Override
            public long capacity() {
                return edenPool.getUsage().getMax();
            }
        };
        return Optional.of(new EdenReserve(eden, threads::getCurrentThreadAllocatedBytes, () -> fill(eden)));
    }

    /**
     * Runs a large body's work after making room for it. Callers serialise large work per thread;
     * two threads reserving at once only collect once more than needed.
     */
    <T> T around(long bodyBytes, java.util.function.Supplier<T> work) {
        reserve(bodyBytes);
        long before = threadAllocatedBytes.getAsLong();
        try {
            return work.get();
        } finally {
            learn(bodyBytes, threadAllocatedBytes.getAsLong() - before);
        }
    }

    /** True when it asked for a collection. */
    boolean reserve(long bodyBytes) {
        long needed = (long) (bodyBytes * bytesPerBodyByte * MARGIN);
        long capacity = eden.capacity();
        long used = eden.used();
        // A nearly empty eden gains nothing from a collection, even for a body that needs more.
        if (capacity - used >= needed || used < capacity / 8) {
            return false;
        }
        collect.run();
        return true;
    }

    void learn(long bodyBytes, long allocated) {
        if (bodyBytes <= 0 || allocated <= 0) {
            return;
        }
        // Follows a rise at once and a fall slowly: underestimating costs a pause mid-way.
        double observed = (double) allocated / bodyBytes;
        bytesPerBodyByte = observed > bytesPerBodyByte ? observed : 0.8 * bytesPerBodyByte + 0.2 * observed;
    }

    double bytesPerBodyByte() {
        return bytesPerBodyByte;
    }

    private static volatile Object sink;

    /**
     * Asks for a young collection the only way a running program can: an allocation bigger than
     * what eden has left, which the collector makes room for at once (System.gc() would be a full
     * collection). Never bigger than eden itself, which would be allocated in the old generation.
     */
    private static void fill(Eden eden) {
        long capacity = eden.capacity();
        long size = capacity - eden.used() + 1024;
        if (size > 0 && size < capacity && size < Integer.MAX_VALUE) {
            sink = new byte[(int) size];
            sink = null;
        }
    }
}
