package dev.fleetops.core.rollout.service;

import java.time.Duration;

/**
 * Spaces direct-method calls evenly at a rate below the hub's method throttle, across threads and across
 * ticks, and stops everyone for a while when the hub answers 429 anyway (another caller may share the
 * hub). Without it a tick's bounded-parallel fan-out runs as fast as devices answer and meets the
 * throttle head on. Thread-safe.
 */
public final class DispatchPacer implements MethodPacer {
    /** Share of the hub's method limit rollouts use; the rest is left to single-device actions. */
    public static final double DEFAULT_SHARE = 0.95;

    static final Duration FIRST_BACKOFF = ThrottleBackoff.FIRST;
    static final Duration MAX_BACKOFF = ThrottleBackoff.MAX;

    /** Waits; a seam for tests. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    /** Reads a monotonic clock; a seam for tests. */
    public interface Ticker {
        long nanoTime();
    }

    /** No pacing at all (unit tests, hubs whose limit is unknown). */
    public static final DispatchPacer UNLIMITED =
            new DispatchPacer(Double.POSITIVE_INFINITY, System::nanoTime, Thread::sleep);

    private final double perSecond;
    private final long intervalNanos;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final ThrottleBackoff backoff = new ThrottleBackoff();
    private long next;

    public DispatchPacer(double perSecond, Ticker ticker, Sleeper sleeper) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("'perSecond' must be positive.");
        }
        this.perSecond = perSecond;
        this.intervalNanos = Double.isInfinite(perSecond) ? 0 : (long) (1e9 / perSecond);
        this.ticker = ticker;
        this.sleeper = (nanos -> {
            if (nanos > 0) {
                sleeper.sleepNanos(nanos);
            }
        });
        this.next = ticker.nanoTime();
    }

    /** A pacer at {@code share} of the method limit of {@code sku} with {@code units} units. */
    public static DispatchPacer forHub(HubSku sku, int units, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("'share' must be in (0, 1].");
        }
        return new DispatchPacer(
                sku.methodsPerSecond(units) * share,
                System::nanoTime,
                (n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000))));
    }

    @Override
    public double perSecond() {
        return perSecond;
    }

    @Override
    public void acquire() throws InterruptedException {
        long at;
        synchronized (this) {
            long now = ticker.nanoTime();
            // No saved-up burst: an idle pacer starts from now, so calls never bunch up after a pause.
            at = Math.max(next, now);
            next = at + intervalNanos;
        }
        sleeper.sleepNanos(at - ticker.nanoTime());
    }

    /** The hub said 429: nobody sends for a growing pause ({@link ThrottleBackoff}). */
    @Override
    public void throttled(Duration retryAfter) {
        synchronized (this) {
            next = Math.max(next, backoff.pauseEnd(ticker.nanoTime(), retryAfter));
        }
    }

    /** A call went through: the next 429 starts the backoff from the beginning again. */
    @Override
    public synchronized void succeeded() {
        backoff.reset();
    }
}
