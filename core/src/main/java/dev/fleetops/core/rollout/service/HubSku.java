package dev.fleetops.core.rollout.service;

import java.util.Locale;
import java.util.Optional;

/**
 * IoT Hub tiers and their direct-method throttle (iot-hub-devguide-quotas-throttling): calls are metered
 * in 4 KB units of payload, per second and per hub unit. FleetOps' method payloads are under 4 KB, so one
 * call is one meter unit.
 */
public enum HubSku {
    F1(40),
    S1(40),
    S2(120),
    S3(6_144);

    private final int methodUnitsPerSecondPerUnit;

    HubSku(int methodUnitsPerSecondPerUnit) {
        this.methodUnitsPerSecondPerUnit = methodUnitsPerSecondPerUnit;
    }

    /** Direct-method calls (of at most 4 KB) per second a hub of this tier with {@code units} units admits. */
    public double methodsPerSecond(int units) {
        if (units < 1 || units > 200) {
            throw new IllegalArgumentException("'units' must be between 1 and 200.");
        }
        return (double) methodUnitsPerSecondPerUnit * units;
    }

    public static Optional<HubSku> parse(String name) {
        try {
            return name == null
                    ? Optional.empty()
                    : Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
