package dev.fleetops.core.rollout.service;

import java.time.Duration;

/**
 * How many direct methods a dispatch keeps in flight. The {@link DispatchPacer} sets the rate; the window only has to
 * be wide enough for that rate whatever the devices' latency (Little's law: calls in flight = rate × time per call),
 * and no wider, so quick devices do not tie up hundreds of threads. The time per call is learned from the calls as a
 * moving average, starting from a pessimistic guess so that the first tick already dispatches at the limit (no
 * warm-up); {@link #HEADROOM} covers the spread around the average. A fixed cap ({@code max}) bounds threads and
 * memory. Thread-safe.
 */
public final class DispatchWindow {
    /** In flight beyond rate × average latency: answers spread around the average, and calls wait on the pacer. */
    static final double HEADROOM = 1.5;

    /** Weight of each new latency in the average: about the last 20 calls, half a second at S1's rate. */
    static final double WEIGHT = 0.05;

    /** What the first tick assumes before any call was timed: devices on cellular links answer within about this. */
    public static final Duration FIRST_GUESS = Duration.ofSeconds(3);

    private final int max;
    private final double perSecond;
    private double latencySeconds;
    private int inFlight;

    /**
     * @param max       the most calls in flight (ROLLOUT_DISPATCH_PARALLELISM)
     * @param perSecond the pacer's rate; infinite for an unpaced dispatch, which then always uses {@code max}
     */
    public DispatchWindow(int max, double perSecond, Duration firstGuess) {
        if (max < 1) {
            throw new IllegalArgumentException("'max' must be at least 1.");
        }
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("'perSecond' must be positive.");
        }
        this.max = max;
        this.perSecond = perSecond;
        this.latencySeconds = firstGuess.toNanos() / 1e9;
    }

    /** A window of {@code max} whatever the latency: the fixed pool of earlier versions, and tests. */
    public static DispatchWindow fixed(int max) {
        return new DispatchWindow(max, Double.POSITIVE_INFINITY, Duration.ZERO);
    }

    /** The window for a pacer's rate, at most {@code max}. */
    public static DispatchWindow forPacer(MethodPacer pacer, int max) {
        return new DispatchWindow(max, pacer.perSecond(), FIRST_GUESS);
    }

    /** The most calls it ever allows in flight. */
    public int max() {
        return max;
    }

    /** How many calls may be in flight now. */
    public synchronized int size() {
        if (Double.isInfinite(perSecond)) {
            return max;
        }
        // A hair below a whole number counts as it: the average only ever approaches a steady latency.
        double wanted = Math.ceil(perSecond * latencySeconds * HEADROOM - 1e-6);
        return (int) Math.max(1, Math.min(max, wanted));
    }

    /** Blocks until one more call fits in the window, then counts it as in flight. */
    public synchronized void acquire() throws InterruptedException {
        while (inFlight >= size()) {
            wait();
        }
        inFlight++;
    }

    /** A call (or a slot that sent nothing) is done. */
    public synchronized void release() {
        inFlight--;
        notifyAll();
    }

    /** How long one call took, from sending to its answer (or to the hub's timeout). */
    public synchronized void observe(Duration latency) {
        double s = Math.max(0, latency.toNanos() / 1e9);
        latencySeconds += WEIGHT * (s - latencySeconds);
        // A longer latency may widen the window: let waiting senders look again.
        notifyAll();
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** The average time per call the window is sized by. */
    public synchronized Duration latency() {
        return Duration.ofNanos((long) (latencySeconds * 1e9));
    }
}
