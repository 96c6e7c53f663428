package dev.fleetops.localhub.hub;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** IoT Hub's timestamp format: UTC with seven fraction digits. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** What the hub reports for "never". */
    public static final String NEVER = "0001-01-01T00:00:00Z";

    private Timestamps() {}

    public static String format(Instant instant) {
        return instant == null || instant.equals(Instant.EPOCH) ? NEVER : FORMAT.format(instant);
    }
}
