package dev.fleetops.core.progress;

import dev.fleetops.core.schedule.NcrontabSchedule;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * What {@code GET /api/progress} says before the progress timer completed a run: when its next run is due,
 * computed from the timer's schedule (the {@code PROGRESS_SCHEDULE} setting, an NCRONTAB expression in UTC), so a
 * caller knows how long to wait instead of polling blind. Pure.
 *
 * @param detail    the problem's {@code detail}
 * @param nextRunAt when the timer's next run is due, or null when the schedule is unknown or never fires
 */
public record NoProgressYet(String detail, Instant nextRunAt) {
    static final String NOT_YET = "The progress timer has not completed a run yet.";

    /**
     * @param schedule the timer's schedule as the app's setting holds it; null or unreadable gives no time
     * @param now      the request's time
     */
    public static NoProgressYet at(String schedule, Instant now) {
        if (schedule == null || schedule.isBlank()) {
            return new NoProgressYet(NOT_YET, null);
        }
        NcrontabSchedule parsed;
        try {
            parsed = NcrontabSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            return new NoProgressYet(NOT_YET, null);
        }
        return parsed.next(now)
                .map(next -> new NoProgressYet(
                        NOT_YET + " Its next run is due at " + DateTimeFormatter.ISO_INSTANT.format(next) + " (in "
                                + inWords(java.time.Duration.between(now, next).toSeconds()) + ", schedule '"
                                + parsed + "' UTC); the summary appears here once that run finishes.",
                        next))
                .orElseGet(() -> new NoProgressYet(
                        NOT_YET + " Its schedule '" + parsed + "' never fires: check the PROGRESS_SCHEDULE setting.",
                        null));
    }

    private static String inWords(long seconds) {
        if (seconds < 60) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes < 120 ? "about " + minutes + " minutes" : "about " + (minutes + 59) / 60 + " hours";
    }
}
