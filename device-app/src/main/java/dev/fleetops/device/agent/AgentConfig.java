package dev.fleetops.device.agent;

import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.action.Sleeper;
import dev.fleetops.device.action.UpdateSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Everything about the agent that is not the hub or the disk.
 *
 * @param defaultRebootDelay how long a simulated reboot stays down when the request names no delay
 * @param factoryVersion     firmware version on first start and after a factory reset
 * @param newIds             operation ids for requests that carry none
 * @param updates            health check, boot-loop limit, progress interval and step hook of firmware updates
 * @param handlers           the actions the device answers
 */
public record AgentConfig(
        Clock clock,
        Sleeper sleeper,
        Downloader downloader,
        Duration defaultRebootDelay,
        String factoryVersion,
        Supplier<String> newIds,
        Backoff backoff,
        UpdateSettings updates,
        ActionHandlers handlers) {

    /** A configuration for the actions FleetOps ships. */
    public AgentConfig(
            Clock clock,
            Sleeper sleeper,
            Downloader downloader,
            Duration defaultRebootDelay,
            String factoryVersion,
            Supplier<String> newIds,
            Backoff backoff,
            UpdateSettings updates) {
        this(
                clock,
                sleeper,
                downloader,
                defaultRebootDelay,
                factoryVersion,
                newIds,
                backoff,
                updates,
                ActionHandlers.STANDARD);
    }

    /** A configuration with the default update settings. */
    public AgentConfig(
            Clock clock,
            Sleeper sleeper,
            Downloader downloader,
            Duration defaultRebootDelay,
            String factoryVersion,
            Supplier<String> newIds,
            Backoff backoff) {
        this(
                clock,
                sleeper,
                downloader,
                defaultRebootDelay,
                factoryVersion,
                newIds,
                backoff,
                UpdateSettings.defaults());
    }
}
