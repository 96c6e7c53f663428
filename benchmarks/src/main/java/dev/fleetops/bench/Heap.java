package dev.fleetops.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap figures the benchmarks report next to their throughput. */
public final class Heap {

    private Heap() {}

    /**
     * Used heap after asking for a full collection, so the figure is live data rather than garbage
     * waiting to be collected. {@code System.gc()} is a request; three rounds make it settle.
     */
    public static long usedAfterGcBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Used heap now, garbage included: what the JVM holds while the benchmark runs. */
    public static long usedNowBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
