package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * When a firmware update may install: download now, install later. The device downloads and verifies the package
 * at once, then waits in {@code installScheduled} until this daily window is open on its own clock.
 *
 * @param start           wall-clock time the window opens, {@code HH:mm}
 * @param durationMinutes how long it stays open, 1 to 1440
 * @param timeZone        {@value #DEVICE} for the device's own zone (its {@code --time-zone}, reported as
 *                        {@code timeZone}), or an IANA id ({@link TimeZones})
 */
public record InstallWindow(String start, int durationMinutes, String timeZone) {
    /** The device's own zone. */
    public static final String DEVICE = "device";

    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Set<String> FIELDS = JsonFields.fields("start", "durationMinutes", "timeZone");

    /**
     * Parses {@code e} (an object), adding errors named {@code at.<field>} to {@code errors}; null when absent or
     * invalid.
     */
    public static InstallWindow parse(JsonElement e, String at, List<FieldError> errors) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonObject o)) {
            errors.add(new FieldError(
                    at,
                    "must be an object: {\"start\": \"02:00\", \"durationMinutes\": 120,"
                            + " \"timeZone\": \"device\"}"));
            return null;
        }
        JsonFields f = new JsonFields(o, FIELDS, true);
        String start = f.string("start", true, 5);
        if (start != null && !HH_MM.matcher(start).matches()) {
            f.error("start", "must be a time of day HH:mm such as 02:00");
        }
        Long minutes = f.integer("durationMinutes", true, 1, 1440);
        String zone = f.string("timeZone", true, TimeZones.MAX_LENGTH);
        if (zone != null && !DEVICE.equals(zone) && TimeZones.parse(zone).isEmpty()) {
            f.error("timeZone", "must be \"device\" (the device's own zone) or " + TimeZones.MESSAGE.substring(8));
        }
        f.errors().forEach(x -> errors.add(new FieldError(at + "." + x.field(), x.message())));
        return f.errors().isEmpty() ? new InstallWindow(start, minutes.intValue(), zone) : null;
    }

    /** The window's times; valid only for a parsed window. */
    public DailyWindow daily() {
        return new DailyWindow(LocalTime.parse(start), Duration.ofMinutes(durationMinutes));
    }

    /** The zone the window is read in: {@code deviceZone} for {@value #DEVICE}, else the named one. */
    public ZoneId zone(ZoneId deviceZone) {
        return DEVICE.equals(timeZone) ? deviceZone : ZoneId.of(timeZone);
    }
}
