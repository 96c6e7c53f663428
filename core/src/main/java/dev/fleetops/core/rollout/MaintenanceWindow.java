package dev.fleetops.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** A daily window (UTC start time and duration) outside which nothing new is dispatched. */
public record MaintenanceWindow(LocalTime startUtc, Duration duration) {
    public MaintenanceWindow {
        if (duration == null
                || duration.isNegative()
                || duration.isZero()
                || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("'duration' must be between 1 minute and 24 hours.");
        }
    }

    public boolean isOpen(Instant now) {
        ZonedDateTime t = now.atZone(ZoneOffset.UTC);
        ZonedDateTime todayStart = t.with(startUtc);
        ZonedDateTime start = todayStart.isAfter(t) ? todayStart.minusDays(1) : todayStart;
        return t.isBefore(start.plus(duration));
    }
}
