package dev.fleetops.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How a fleet operation rolls out. Immutable and validated; built from the API request.
 *
 * @param successThresholdPercent share of a wave that must succeed before the next wave opens
 * @param perDeviceTimeout        how long an accepted device may take to report a terminal status
 * @param startAt                 when dispatching may start, or null for now
 * @param deadline                after this, devices still queued (e.g. offline) time out; null for none
 * @param window                  daily maintenance window, or null for always
 * @param gates                   soak and gates between waves ({@link WaveGates#NONE}: the next wave opens as soon as
 *                                the threshold is met)
 */
public record RolloutConfig(
        WavePlan waves,
        double successThresholdPercent,
        List<AbortCriterion> abort,
        RatePolicy rate,
        Duration perDeviceTimeout,
        RetryPolicy retry,
        Instant startAt,
        Instant deadline,
        MaintenanceWindow window,
        WaveGates gates) {
    public RolloutConfig {
        // Configurations stored before soaks existed have no gates.
        gates = gates == null ? WaveGates.NONE : gates;
        if (waves == null || rate == null || retry == null) {
            throw new IllegalArgumentException("'waves', 'rate' and 'retry' are required.");
        }
        if (!(successThresholdPercent >= 0 && successThresholdPercent <= 100)) {
            throw new IllegalArgumentException("'successThresholdPercent' must be between 0 and 100.");
        }
        abort = List.copyOf(abort == null ? List.of() : abort);
        if (perDeviceTimeout == null || perDeviceTimeout.isNegative() || perDeviceTimeout.isZero()) {
            throw new IllegalArgumentException("'perDeviceTimeout' must be positive.");
        }
        if (startAt != null && deadline != null && !deadline.isAfter(startAt)) {
            throw new IllegalArgumentException("'deadline' must be after 'startAt'.");
        }
    }

    /** A configuration without soak or gates. */
    public RolloutConfig(
            WavePlan waves,
            double successThresholdPercent,
            List<AbortCriterion> abort,
            RatePolicy rate,
            Duration perDeviceTimeout,
            RetryPolicy retry,
            Instant startAt,
            Instant deadline,
            MaintenanceWindow window) {
        this(waves, successThresholdPercent, abort, rate, perDeviceTimeout, retry, startAt, deadline, window, null);
    }

    /** The same configuration with {@code gates}. */
    public RolloutConfig withGates(WaveGates gates) {
        return new RolloutConfig(
                waves, successThresholdPercent, abort, rate, perDeviceTimeout, retry, startAt, deadline, window, gates);
    }

    /** One wave, everything at once within the rate, no abort, no retries. */
    public static RolloutConfig simple(int perMinute, Duration perDeviceTimeout) {
        return new RolloutConfig(
                WavePlan.single(),
                0,
                List.of(),
                RatePolicy.fixed(perMinute),
                perDeviceTimeout,
                RetryPolicy.none(),
                null,
                null,
                null);
    }
}
