package dev.fleetops.core.rollout;

import com.google.gson.annotations.SerializedName;
import dev.fleetops.contract.DailyWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A daily window outside which nothing new is dispatched: {@code start} on the wall clock of {@code timeZone} (an
 * IANA id; null is UTC, as every window was before zones existed; {@value #DEVICE}: each device's own zone, which the
 * engine is given per device, {@link DeviceZones}), open for {@code duration} of real time.
 * Daylight-saving days follow {@link DailyWindow}. Stored as it always was ({@code startUtc}, {@code duration}), plus
 * {@code timeZone}.
 */
public record MaintenanceWindow(@SerializedName("startUtc") LocalTime start, Duration duration, String timeZone) {
    /** The zone that means "each device's own". */
    public static final String DEVICE = "device";

    public MaintenanceWindow {
        new DailyWindow(start, duration); // checks both
        if (timeZone != null && !DEVICE.equals(timeZone)) {
            ZoneId.of(timeZone);
        }
    }

    /** Whether each device's window is in its own zone (then {@link #isOpen(Instant, ZoneId)} decides per device). */
    public boolean perDevice() {
        return DEVICE.equals(timeZone);
    }

    /** A window in UTC. */
    public MaintenanceWindow(LocalTime startUtc, Duration duration) {
        this(startUtc, duration, null);
    }

    /** The window's zone; UTC for a per-device window, whose devices' zones are not known here. */
    public ZoneId zone() {
        return timeZone == null || perDevice() ? ZoneOffset.UTC : ZoneId.of(timeZone);
    }

    /** Whether the window is open; a per-device window is open for the operation (its devices decide one by one). */
    public boolean isOpen(Instant now) {
        return perDevice() || new DailyWindow(start, duration).isOpen(now, zone());
    }

    /** Whether the window is open on the wall clock of {@code zone}. */
    public boolean isOpen(Instant now, ZoneId zone) {
        return new DailyWindow(start, duration).isOpen(now, zone);
    }

    /** When the window next opens in {@code zone}. */
    public Instant nextOpening(Instant now, ZoneId zone) {
        return new DailyWindow(start, duration).nextOpening(now, zone);
    }
}
