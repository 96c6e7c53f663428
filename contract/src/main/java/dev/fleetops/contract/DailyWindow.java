package dev.fleetops.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A window that opens every day at {@code start} on the wall clock of a zone and stays open for {@code duration}
 * of elapsed time (1 minute to 24 hours). Both sides use it: the back-end for an operation's maintenance window,
 * devices for a firmware update's install window.
 *
 * <p>Daylight-saving time: a start that falls in a spring-forward gap moves later by the gap (02:30 on a day that
 * jumps from 02:00 to 03:00 opens at 03:30), as {@link ZonedDateTime#ofLocal} resolves it; a start in a fall-back
 * overlap opens at its first occurrence. The duration is real time, so a 2-hour window is 2 hours long on every day,
 * whatever the clocks do meanwhile.
 */
public record DailyWindow(LocalTime start, Duration duration) {
    public static final Duration MAX_DURATION = Duration.ofHours(24);

    public DailyWindow {
        if (start == null) {
            throw new IllegalArgumentException("'start' cannot be null.");
        }
        if (duration == null || duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("'duration' must be between 1 minute and 24 hours.");
        }
    }

    /** Whether the window is open at {@code now} on the clocks of {@code zone}. */
    public boolean isOpen(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        // A window that opened up to two local days ago may still be open: 24 h of real time can end on the
        // day after next when the clocks sprang forward in between.
        for (int back = 2; back >= 0; back--) {
            Instant opens = opensOn(today.minusDays(back), zone);
            if (!now.isBefore(opens) && now.isBefore(opens.plus(duration))) {
                return true;
            }
        }
        return false;
    }

    /** {@code now} when the window is open, else when it next opens. */
    public Instant nextOpening(Instant now, ZoneId zone) {
        if (isOpen(now, zone)) {
            return now;
        }
        LocalDate today = now.atZone(zone).toLocalDate();
        for (int ahead = 0; ; ahead++) {
            Instant opens = opensOn(today.plusDays(ahead), zone);
            if (opens.isAfter(now)) {
                return opens;
            }
        }
    }

    /** When the window of local date {@code day} opens in {@code zone}. */
    public Instant opensOn(LocalDate day, ZoneId zone) {
        return ZonedDateTime.ofLocal(LocalDateTime.of(day, start), zone, null).toInstant();
    }
}
