package dev.fleetops.device.agent;

import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.action.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Everything about the agent that is not the hub or the disk.
 *
 * @param defaultRebootDelay how long a simulated reboot stays down when the request names no delay
 * @param factoryVersion     firmware version on first start and after a factory reset
 * @param newIds             operation ids for requests that carry none
 */
public record AgentConfig(Clock clock, Sleeper sleeper, Downloader downloader, Duration defaultRebootDelay,
                          String factoryVersion, Supplier<String> newIds, Backoff backoff) {
}
