package dev.fleetops.runner.metadata;

import java.time.Duration;

/**
 * host.json {@code singleton}: the listener lock's settings, with the defaults and limits of the WebJobs SDK's
 * {@code SingletonOptions} (Azure/azure-webjobs-sdk, src/Microsoft.Azure.WebJobs.Host/Singleton/SingletonOptions.cs).
 *
 * @param listenerLockPeriod                  the lease a listener lock takes, 15 to 60 s (60 s)
 * @param listenerLockRecoveryPollingInterval how often an instance without the lock tries again, at least 15 s
 *                                            (1 minute)
 */
public record SingletonOptions(Duration listenerLockPeriod, Duration listenerLockRecoveryPollingInterval) {
    private static final Duration MINIMUM_LEASE = Duration.ofSeconds(15);
    private static final Duration MAXIMUM_LEASE = Duration.ofSeconds(60);

    public static final SingletonOptions DEFAULTS = new SingletonOptions(MAXIMUM_LEASE, Duration.ofMinutes(1));

    /** @throws IllegalArgumentException for a value the SDK's setters refuse */
    public SingletonOptions {
        if (listenerLockPeriod.compareTo(MINIMUM_LEASE) < 0 || listenerLockPeriod.compareTo(MAXIMUM_LEASE) > 0) {
            throw new IllegalArgumentException(
                    "singleton.listenerLockPeriod must be 00:00:15 to 00:01:00, was " + listenerLockPeriod);
        }
        if (listenerLockRecoveryPollingInterval.compareTo(MINIMUM_LEASE) < 0) {
            throw new IllegalArgumentException(
                    "singleton.listenerLockRecoveryPollingInterval must be at least 00:00:15," + " was "
                            + listenerLockRecoveryPollingInterval);
        }
    }
}
