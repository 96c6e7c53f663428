package dev.fleetops.bench.wire;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How a benchmark fleet's devices answer direct methods: after a latency drawn from {@link #latency()}, and a seeded
 * share of them misbehaving. Each device's {@link Kind} depends only on the seed and its index (1 for
 * {@code bench-001}), so the same seed gives the same devices the same kinds whatever the fleet size or the order
 * they connect in; each device's n-th latency depends only on the seed, its index and n.
 *
 * @param slowShare    share of devices that answer after {@link #SLOW_FACTOR} times the drawn latency
 * @param offlineShare share of devices that never connect (the hub answers 404103)
 * @param timeoutShare share of devices that never answer (the hub ends the call with 504101 after its response
 *                     timeout)
 */
public record DeviceBehaviour(
        LatencyDistribution latency, double slowShare, double offlineShare, double timeoutShare, long seed) {

    /** What one device does when a direct method arrives. */
    public enum Kind {
        /** Answers 200 after the drawn latency. */
        NORMAL,
        /** Answers 200 after {@link #SLOW_FACTOR} times the drawn latency. */
        SLOW,
        /** Not connected: the hub answers the call 404103 itself. */
        OFFLINE,
        /** Connected, but never answers: the hub's response timeout ends the call (504101). */
        TIMEOUT
    }

    public static final int SLOW_FACTOR = 5;

    /** Every device answers at once: the wire fleet as it always was. */
    public static final DeviceBehaviour AT_ONCE = new DeviceBehaviour(LatencyDistribution.NONE, 0, 0, 0, 1);

    public DeviceBehaviour {
        if (latency == null) {
            throw new IllegalArgumentException("'latency' cannot be null.");
        }
        share(slowShare, "--slow-share");
        share(offlineShare, "--offline-share");
        share(timeoutShare, "--timeout-share");
        if (slowShare + offlineShare + timeoutShare > 1) {
            throw new IllegalArgumentException(
                    "--slow-share, --offline-share and --timeout-share add up to more than 1");
        }
    }

    /** Whether every device answers at once (no latency, no misbehaving share). */
    public boolean atOnce() {
        return latency.shape() == LatencyDistribution.Shape.NONE
                && slowShare == 0
                && offlineShare == 0
                && timeoutShare == 0;
    }

    /** The kind of device number {@code index} (1-based, as {@code LocalHub.deviceId(prefix, index)}). */
    public Kind kindOf(int index) {
        double u = unit(mix(seed, index, -1));
        if (u < offlineShare) {
            return Kind.OFFLINE;
        }
        if (u < offlineShare + timeoutShare) {
            return Kind.TIMEOUT;
        }
        if (u < offlineShare + timeoutShare + slowShare) {
            return Kind.SLOW;
        }
        return Kind.NORMAL;
    }

    /** How long device {@code index} takes over its {@code call}-th method (0-based); SLOW devices take 5 times longer. */
    public long latencyMillis(int index, long call) {
        long drawn = latency.drawMillis(new SplittableRandom(mix(seed, index, call)));
        return kindOf(index) == Kind.SLOW ? drawn * SLOW_FACTOR : drawn;
    }

    /**
     * The wire fleet's handler for these devices, {@code deviceIds.get(i)} being device number {@code i + 1}. It
     * returns at once on the event loop; the device's {@link WireDevice} schedules the answer after the latency, or
     * sends none for a TIMEOUT device. A device not in the list answers 200 at once.
     */
    public MethodHandler handler(List<String> deviceIds) {
        Map<String, Integer> index = new HashMap<>(deviceIds.size() * 2);
        for (int i = 0; i < deviceIds.size(); i++) {
            index.put(deviceIds.get(i), i + 1);
        }
        AtomicLongArray calls = new AtomicLongArray(deviceIds.size() + 1);
        return (deviceId, methodName, payload) -> {
            Integer n = index.get(deviceId);
            if (n == null) {
                return new MethodAnswer(200, "{}", Duration.ZERO);
            }
            Kind kind = kindOf(n);
            if (kind == Kind.TIMEOUT || kind == Kind.OFFLINE) {
                return null;
            }
            return new MethodAnswer(200, "{}", Duration.ofMillis(latencyMillis(n, calls.getAndIncrement(n))));
        };
    }

    /** {@code at once} or {@code uniform 500-3000 ms; slow 5% (x5), offline 2%, timeout 1%; seed 1}. */
    public String describe() {
        if (atOnce()) {
            return "answer at once";
        }
        return String.format(
                java.util.Locale.ROOT,
                "latency %s; slow %.1f%% (x%d), offline %.1f%%, timeout %.1f%%; seed %d",
                latency,
                100 * slowShare,
                SLOW_FACTOR,
                100 * offlineShare,
                100 * timeoutShare,
                seed);
    }

    private static void share(double v, String name) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be a number from 0 to 1");
        }
    }

    /** SplitMix64's finalizer over the three inputs: independent, reproducible streams per (seed, device, call). */
    static long mix(long seed, long a, long b) {
        return splitMix(splitMix(seed ^ splitMix(a + 0x9E3779B97F4A7C15L)) + b * 0xBF58476D1CE4E5B9L);
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
