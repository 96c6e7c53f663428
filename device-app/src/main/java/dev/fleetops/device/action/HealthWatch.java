package dev.fleetops.device.action;

import java.time.Duration;

/**
 * How long a freshly installed version stays provisional after {@code applyComplete}, and how often it is checked
 * meanwhile ({@code --health-watch-seconds}, {@code --health-check-interval-seconds}). During the watch the agent
 * re-runs its self-test (and the {@code health-check} handler) every {@link #interval}; a failure rolls the version
 * back and reports {@code rolledBack} with the update's operation id, so a rollout soaking its wave sees the
 * regression. {@link #OFF} (period 0) confirms a version at {@code applyComplete}, as before the watch existed.
 *
 * @param period   how long the watch lasts; zero for none
 * @param interval the time between two checks during the watch; positive, at most {@code period}
 */
public record HealthWatch(Duration period, Duration interval) {
    public static final HealthWatch OFF = new HealthWatch(Duration.ZERO, Duration.ofSeconds(60));

    /** The real agent's longest watch: a day. */
    public static final long MAX_SECONDS = 86_400;

    public HealthWatch {
        if (period.isNegative()) {
            throw new IllegalArgumentException("the health watch period must not be negative");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the health check interval must be positive");
        }
        if (!period.isZero() && interval.compareTo(period) > 0) {
            interval = period; // one check, at the end: a shorter watch than the interval is still a watch
        }
    }

    /** A watch of {@code periodSeconds} (0 for none), checked every {@code intervalSeconds}. */
    public static HealthWatch ofSeconds(long periodSeconds, long intervalSeconds) {
        return new HealthWatch(Duration.ofSeconds(periodSeconds), Duration.ofSeconds(intervalSeconds));
    }

    public boolean on() {
        return !period.isZero();
    }
}
