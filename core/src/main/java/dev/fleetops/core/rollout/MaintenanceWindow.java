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
 * IANA id; null is UTC, as every window was before zones existed), open for {@code duration} of real time.
 * Daylight-saving days follow {@link DailyWindow}. Stored as it always was ({@code startUtc}, {@code duration}), plus
 * {@code timeZone}.
 */
public record MaintenanceWindow(@SerializedName("startUtc") LocalTime start, Duration duration, String timeZone) {
    public MaintenanceWindow {
        new DailyWindow(start, duration); // checks both
        if (timeZone != null) {
            ZoneId.of(timeZone);
        }
    }

    /** A window in UTC. */
    public MaintenanceWindow(LocalTime startUtc, Duration duration) {
        this(startUtc, duration, null);
    }

    public ZoneId zone() {
        return timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
    }

    public boolean isOpen(Instant now) {
        return new DailyWindow(start, duration).isOpen(now, zone());
    }
}
