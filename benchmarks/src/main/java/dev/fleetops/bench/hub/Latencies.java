package dev.fleetops.bench.hub;

import java.util.Arrays;
import java.util.Locale;

/** Latency samples in nanoseconds; thread-safe appends, percentiles by sorting (the sample counts here are small). */
final class Latencies {
    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code p}-th percentile (0–100, nearest rank) in milliseconds; NaN without samples. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    /** {@code p50 x ms, p95 y ms, p99 z ms}. */
    String summary() {
        return String.format(
                Locale.ROOT,
                "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                percentileMillis(50),
                percentileMillis(95),
                percentileMillis(99));
    }
}
