package dev.fleetops.core.progress;

import java.time.Duration;

/**
 * Knobs of the progress summary, validated once at start-up.
 *
 * @param stuckAfter   how long a non-terminal status may last before the device counts as stuck
 * @param failureLimit how many recent failures a summary lists
 * @param maxScanRows  upper bound on twins read by each of the stuck and failed scans
 */
public record ProgressSettings(Duration stuckAfter, int failureLimit, int maxScanRows) {
    /** Distinct values kept per count table; hostile devices could otherwise report endless statuses. */
    public static final int MAX_DISTINCT_VALUES = 50;
    /** Stuck devices listed in one summary. */
    public static final int MAX_STUCK_LISTED = 100;

    public ProgressSettings {
        if (stuckAfter == null || stuckAfter.isNegative() || stuckAfter.isZero()) {
            throw new IllegalArgumentException("'stuckAfter' must be positive.");
        }
        if (failureLimit < 0 || failureLimit > 1000) {
            throw new IllegalArgumentException("'failureLimit' must be between 0 and 1000.");
        }
        if (maxScanRows < 1 || maxScanRows > 10_000) {
            throw new IllegalArgumentException("'maxScanRows' must be between 1 and 10000.");
        }
    }

    public static ProgressSettings defaults() {
        return new ProgressSettings(Duration.ofMinutes(30), 20, 1000);
    }
}
