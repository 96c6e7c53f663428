package dev.fleetops.core.rollout.service;

import java.time.Duration;

/**
 * The pause after a 429, for both pacers. 429s that arrive while a pause is on answer calls sent before it began, the
 * same burst, so they do not double it (the pause ends one step after the burst's last 429): with hundreds of calls
 * in flight, one burst would otherwise double the pause to its maximum at once. Not thread-safe: callers lock.
 */
final class ThrottleBackoff {
    static final Duration FIRST = Duration.ofMillis(500);
    static final Duration MAX = Duration.ofSeconds(10);

    private long backoffNanos;
    private long pauseEnds = Long.MIN_VALUE;

    /** A 429 at {@code nowNanos}: when sending may start again. */
    long pauseEnd(long nowNanos, Duration retryAfter) {
        if (nowNanos >= pauseEnds) {
            backoffNanos = backoffNanos == 0 ? FIRST.toNanos() : Math.min(MAX.toNanos(), backoffNanos * 2);
        }
        long pause = retryAfter != null ? Math.max(retryAfter.toNanos(), backoffNanos) : backoffNanos;
        pauseEnds = Math.max(pauseEnds, nowNanos + pause);
        return pauseEnds;
    }

    void reset() {
        backoffNanos = 0;
    }
}
