package dev.fleetops.core.rollout.service;

import java.time.Duration;

/**
 * Spaces direct-method calls below the hub's method throttle. {@link DispatchPacer} does it for the calls of one
 * process; {@link SharedPacer} for the calls of every instance that dispatches for one hub (queue-triggered dispatch
 * workers, docs/performance.md "Beyond one instance"). Thread-safe.
 */
public interface MethodPacer {
    /** Calls per second this pacer allows; infinite when it does not pace. */
    double perSecond();

    /** How many calls fit in {@code budget} at this rate; {@code Integer.MAX_VALUE} when unlimited. */
    default int callsIn(Duration budget) {
        return Double.isInfinite(perSecond())
                ? Integer.MAX_VALUE
                : (int) Math.max(1, Math.floor(perSecond() * budget.toMillis() / 1000.0));
    }

    /** Blocks until the caller may send its next call. */
    void acquire() throws InterruptedException;

    /** The hub answered 429: nobody sends for a while ({@code retryAfter} when the hub gave one, else a growing pause). */
    void throttled(Duration retryAfter);

    /** A call went through: the next 429 starts its backoff from the beginning again. */
    void succeeded();
}
