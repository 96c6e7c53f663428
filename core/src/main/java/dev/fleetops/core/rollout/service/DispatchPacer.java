package dev.fleetops.core.rollout.service;

import java.time.Duration;

/**
 * Spaces direct-method calls evenly at a rate below the hub's method throttle, across threads and across
 * ticks, and stops everyone for a while when the hub answers 429 anyway (another caller may share the
 * hub). Without it a tick's bounded-parallel fan-out runs as fast as devices answer and meets the
 * throttle head on. Thread-safe.
 */
public final class DispatchPacer {
    /** Share of the hub's method limit rollouts use; the rest is left to single-device actions. */
    public static final double DEFAULT_SHARE = 0.95;

    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

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
    private long next;
    private long backoffNanos;
    private long pauseEnds = Long.MIN_VALUE;

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

    public double perSecond() {
        return perSecond;
    }

    /** How many calls fit in {@code budget} at this rate (a tick's dispatch cap); {@code Integer.MAX_VALUE} when unlimited. */
    public int callsIn(Duration budget) {
        return Double.isInfinite(perSecond)
                ? Integer.MAX_VALUE
                : (int) Math.max(1, Math.floor(perSecond * budget.toMillis() / 1000.0));
    }

    /** Blocks until the caller may send the next call. */
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

    /**
     * The hub said 429: nobody sends for a growing pause ({@code retryAfter} when the hub gave one). The 429s that
     * arrive while a pause is on answer calls sent before it began, the same burst, so they do not double it (the
     * pause ends one step after the burst's last 429): with hundreds of calls in flight, one burst would otherwise
     * double the pause to its maximum at once.
     */
    public void throttled(Duration retryAfter) {
        synchronized (this) {
            long now = ticker.nanoTime();
            if (now >= pauseEnds) {
                backoffNanos =
                        backoffNanos == 0 ? FIRST_BACKOFF.toNanos() : Math.min(MAX_BACKOFF.toNanos(), backoffNanos * 2);
            }
            long pause = retryAfter != null ? Math.max(retryAfter.toNanos(), backoffNanos) : backoffNanos;
            pauseEnds = Math.max(pauseEnds, now + pause);
            next = Math.max(next, pauseEnds);
        }
    }

    /** A call went through: the next 429 starts the backoff from the beginning again. */
    public synchronized void succeeded() {
        backoffNanos = 0;
    }
}
