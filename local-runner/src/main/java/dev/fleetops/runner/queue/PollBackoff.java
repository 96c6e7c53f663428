package dev.fleetops.runner.queue;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The delay between polls of an empty queue: the extension's {@code RandomizedExponentialBackoffStrategy}
 * (Azure/azure-sdk-for-net, sdk/storage/Microsoft.Azure.WebJobs.Extensions.Storage.Common/src/Shared/Timers/) with
 * minimum {@code QueuePollingIntervals.Minimum} (100 ms) and maximum {@code maxPollingInterval}. After a poll that
 * found messages it restarts at the minimum; each empty poll adds {@code random(0.8..1.2) * 2^(n-1) * minimum},
 * until the maximum.
 */
final class PollBackoff {
    static final double RANDOMIZATION = 0.2;

    private final Duration minimum;
    private final Duration maximum;
    private final DoubleSupplier random;
    private Duration current = Duration.ZERO;
    private int exponent;

    /** @param random uniform in [0, 1) */
    PollBackoff(Duration minimum, Duration maximum, DoubleSupplier random) {
        if (minimum.compareTo(maximum) > 0) {
            throw new IllegalArgumentException("The minimumInterval must not be greater than the maximumInterval.");
        }
        this.minimum = minimum;
        this.maximum = maximum;
        this.random = random;
    }

    /** @param foundMessages whether a poll found messages since the last delay */
    Duration next(boolean foundMessages) {
        if (foundMessages) {
            current = minimum;
            exponent = 1;
        } else if (!current.equals(maximum)) {
            Duration backoff = minimum;
            if (exponent > 0) {
                double factor = 1 - RANDOMIZATION + random.getAsDouble() * 2 * RANDOMIZATION;
                backoff = backoff.plusNanos((long) (factor * Math.pow(2, exponent - 1) * minimum.toNanos()));
            }
            if (backoff.compareTo(maximum) < 0) {
                current = backoff;
                exponent++;
            } else {
                current = maximum;
            }
        }
        return current;
    }
}
