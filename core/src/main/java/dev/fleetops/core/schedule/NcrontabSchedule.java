package dev.fleetops.core.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Optional;

/**
 * A six-field NCRONTAB schedule as Azure Functions timers use it:
 * {@code {second} {minute} {hour} {day} {month} {day-of-week}}, evaluated in UTC. As in NCrontab, a
 * time must match the day AND the day of week (classic cron ORs them when both are restricted).
 * Immutable and thread-safe.
 *
 * <p>The app's copy of the local runner's {@code dev.fleetops.runner.timer.NcrontabSchedule} (the host stand-in
 * schedules timers with that one): the runner loads classes parent-first and must not carry app classes, so the
 * two cannot share a jar. {@code NcrontabCopiesAgreeTest} in local-runner keeps them answering alike.
 */
public final class NcrontabSchedule {
    /** Long enough for a leap day on a given weekday (a 28-year cycle). */
    private static final long SEARCH_YEARS = 30;

    private final String expression;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet daysOfWeek;

    private NcrontabSchedule(String expression, BitSet[] fields) {
        this.expression = expression;
        this.seconds = fields[0];
        this.minutes = fields[1];
        this.hours = fields[2];
        this.days = fields[3];
        this.months = fields[4];
        this.daysOfWeek = fields[5];
    }

    /**
     * @throws IllegalArgumentException when the expression does not have six valid fields
     */
    public static NcrontabSchedule parse(String expression) {
        String[] parts = expression == null ? new String[0] : expression.trim().split("\\s+");
        if (parts.length != 6) {
            throw new IllegalArgumentException(
                    "expected 6 fields {second} {minute} {hour} {day} {month} {day-of-week}, found "
                            + (expression == null || expression.isBlank() ? 0 : parts.length));
        }
        BitSet[] fields = new BitSet[6];
        CronField[] kinds = CronField.values();
        for (int i = 0; i < 6; i++) {
            fields[i] = kinds[i].parse(parts[i]);
        }
        return new NcrontabSchedule(expression.trim(), fields);
    }

    /** The first occurrence strictly after {@code after}; empty if none within 30 years (e.g. 30 February). */
    public Optional<Instant> next(Instant after) {
        LocalDateTime t = LocalDateTime.ofInstant(after, ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(1);
        LocalDateTime limit = t.plusYears(SEARCH_YEARS);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
            } else if (!days.get(t.getDayOfMonth())
                    || !daysOfWeek.get(t.getDayOfWeek().getValue() % 7)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                return Optional.of(t.toInstant(ZoneOffset.UTC));
            }
        }
        return Optional.empty();
    }

    /**
     * True when a field above the seconds is restricted, i.e. the expression NCrontab prints is not
     * {@code X * * * * *} (a field that lists its whole range prints as {@code *}).
     */
    public boolean restrictsAboveSeconds() {
        return !(full(minutes, CronField.MINUTE)
                && full(hours, CronField.HOUR)
                && full(days, CronField.DAY)
                && full(months, CronField.MONTH)
                && full(daysOfWeek, CronField.DAY_OF_WEEK));
    }

    private static boolean full(BitSet field, CronField kind) {
        return field.cardinality() == kind.size();
    }

    @Override
    public String toString() {
        return expression;
    }
}
