package dev.fleetops.device.action;

import dev.fleetops.contract.Timestamps;
import java.time.Clock;

/** Time stamps as reported: the contract's fixed-width UTC format, so the back-end can compare them as strings. */
public final class Times {
    private Times() {}

    public static String now(Clock clock) {
        return Timestamps.format(clock.instant());
    }
}
