package dev.fleetops.localhub.throttle;

import java.util.Locale;

/**
 * IoT Hub tiers and their per-unit throttles (iot-hub-devguide-quotas-throttling, 2025-05-21): rates in operations
 * (direct methods: 4 KB meter units) per second for {@code units} units.
 */
public enum Sku {
    F1,
    S1,
    S2,
    S3;

    public static Sku parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'sku' must be one of F1, S1, S2, S3, was " + s);
        }
    }

    /** Direct methods in 4 KB units per second: 160 KB/s/unit (F1, S1), 480 KB/s/unit (S2), 24 MB/s/unit (S3). */
    public double methodUnitsPerSecond(int units) {
        return switch (this) {
            case F1, S1 -> 40.0 * units;
            case S2 -> 120.0 * units;
            case S3 -> 6144.0 * units;
        };
    }

    /** Twin reads per second: 100 (F1, S1), max(100, 10/unit) (S2), 500/unit (S3). */
    public double twinReadsPerSecond(int units) {
        return switch (this) {
            case F1, S1 -> 100;
            case S2 -> Math.max(100, 10.0 * units);
            case S3 -> 500.0 * units;
        };
    }

    /** Twin updates per second: 50 (F1, S1), max(50, 5/unit) (S2), 250/unit (S3). */
    public double twinUpdatesPerSecond(int units) {
        return switch (this) {
            case F1, S1 -> 50;
            case S2 -> Math.max(50, 5.0 * units);
            case S3 -> 250.0 * units;
        };
    }

    /** Queries: 20/min/unit, 1,000/min/unit on S3. */
    public double queriesPerSecond(int units) {
        return (this == S3 ? 1000.0 : 20.0) * units / 60;
    }

    /** Identity registry operations: 100/min/unit, 5,000/min/unit on S3. */
    public double registryOperationsPerSecond(int units) {
        return (this == S3 ? 5000.0 : 100.0) * units / 60;
    }

    /** Jobs operations (create, get, cancel, list): 100/min/unit, 5,000/min/unit on S3. */
    public double jobOperationsPerSecond(int units) {
        return registryOperationsPerSecond(units);
    }

    /** Job device operations per second: 10 (F1, S1), max(10, 1/unit) (S2), 50/unit (S3). */
    public double jobDeviceOperationsPerSecond(int units) {
        return switch (this) {
            case F1, S1 -> 10;
            case S2 -> Math.max(10, 1.0 * units);
            case S3 -> 50.0 * units;
        };
    }
}
