package dev.fleetops.contract;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The one timestamp format of the contract: UTC with exactly three fraction digits
 * ({@code 2026-01-02T03:04:05.678Z}). A fixed width matters because the back-end compares reported
 * times as strings inside IoT Hub queries, and {@link Instant#toString()} varies its width.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Parses any ISO-8601 instant; empty for null or garbage (twins are device-written). */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() > 40) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
