package dev.fleetops.contract;

import java.time.ZoneId;
import java.util.Optional;

/**
 * Time-zone names as FleetOps takes them: IANA region ids ({@code Europe/Berlin}, {@code America/New_York},
 * {@code UTC}, {@code Etc/GMT-5}) exactly as the JDK's time-zone database lists them. Fixed offsets ({@code +05:00},
 * {@code UTC+5}, {@code GMT+05:00}) are refused: a window is named in a zone so that it follows the zone's
 * daylight-saving rules, and an offset has none ({@code Etc/GMT-5} says "always UTC+5" when that is meant).
 */
public final class TimeZones {
    /** The longest IANA id is 32 characters ({@code America/Argentina/ComodRivadavia}). */
    public static final int MAX_LENGTH = 64;

    public static final String MESSAGE =
            "must be an IANA time-zone id such as Europe/Berlin or UTC (fixed offsets like +05:00 are refused)";

    private TimeZones() {}

    /** The zone {@code id} names, or empty when it is not an IANA region id (null included). */
    public static Optional<ZoneId> parse(String id) {
        if (id == null
                || id.isEmpty()
                || id.length() > MAX_LENGTH
                || !ZoneId.getAvailableZoneIds().contains(id)) {
            return Optional.empty();
        }
        return Optional.of(ZoneId.of(id));
    }
}
