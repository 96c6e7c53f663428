package dev.fleetops.runner.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NcrontabScheduleTest {

    private static String next(String schedule, String after) {
        return NcrontabSchedule.parse(schedule)
                .next(Instant.parse(after))
                .map(Instant::toString)
                .orElse("never");
    }

    @Test
    void everyFifteenSecondsFiresAtTheNextQuarterMinute() {
        assertEquals("2026-11-28T10:00:15Z", next("*/15 * * * * *", "2026-11-28T10:00:14Z"));
        assertEquals("2026-11-28T10:01:00Z", next("*/15 * * * * *", "2026-11-28T10:00:45Z"));
    }

    @Test
    void theNextOccurrenceIsStrictlyAfterTheGivenInstant() {
        assertEquals("2026-11-28T10:00:30Z", next("*/15 * * * * *", "2026-11-28T10:00:15Z"));
        assertEquals("2026-11-28T10:00:15Z", next("*/15 * * * * *", "2026-11-28T10:00:14.900Z"));
    }

    @Test
    void theEndOfAnHourRollsIntoTheNextHour() {
        assertEquals("2026-11-28T11:00:00Z", next("0 * * * * *", "2026-11-28T10:59:30Z"));
    }

    @Test
    void theEndOfADayRollsIntoTheNextDay() {
        assertEquals("2026-11-29T00:00:00Z", next("0 0 * * * *", "2026-11-28T23:30:00Z"));
    }

    @Test
    void theEndOfAMonthRollsIntoTheNextMonth() {
        assertEquals("2026-02-01T00:00:00Z", next("0 0 0 * * *", "2026-01-31T12:00:00Z"));
    }

    @Test
    void theEndOfAYearRollsIntoTheNextYear() {
        assertEquals("2027-01-01T00:00:00Z", next("0 0 0 1 * *", "2026-12-15T00:00:00Z"));
    }

    @Test
    void weekdaysOnlySkipTheWeekend() {
        assertEquals("2026-11-30T09:00:00Z", next("0 0 9 * * 1-5", "2026-11-27T10:00:00Z"));
    }

    @Test
    void dayAndDayOfWeekMustBothMatch() {
        assertEquals("2026-03-13T00:00:00Z", next("0 0 0 13 * 5", "2026-02-13T00:00:00Z"));
    }

    @Test
    void monthAndWeekdayNamesAreAccepted() {
        assertEquals("2026-07-05T09:30:00Z", next("0 30 9 * JAN,jul SUN", "2026-06-01T00:00:00Z"));
        assertEquals("2027-01-03T09:30:00Z", next("0 30 9 * JAN,jul SUN", "2026-12-01T00:00:00Z"));
    }

    @Test
    void aLeapDayWaitsForTheNextLeapYear() {
        assertEquals("2028-02-29T00:00:00Z", next("0 0 0 29 2 *", "2027-03-01T00:00:00Z"));
    }

    @Test
    void listsRangesAndSteppedRangesCombine() {
        assertEquals("2026-11-28T10:20:00Z", next("0 5,20-22,40-59/10 * * * *", "2026-11-28T10:05:00Z"));
        assertEquals("2026-11-28T10:40:00Z", next("0 5,20-22,40-59/10 * * * *", "2026-11-28T10:22:00Z"));
        assertEquals("2026-11-28T11:05:00Z", next("0 5,20-22,40-59/10 * * * *", "2026-11-28T10:50:00Z"));
    }

    @Test
    void theFleetOpsProgressScheduleRunsEveryFiveMinutes() {
        assertEquals("2026-11-28T10:05:00Z", next("0 */5 * * * *", "2026-11-28T10:02:00Z"));
    }

    @Test
    void anImpossibleDateNeverOccurs() {
        assertEquals(
                Optional.empty(), NcrontabSchedule.parse("0 0 0 30 2 *").next(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void fiveFieldSchedulesAreRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NcrontabSchedule.parse("*/5 * * * *"));
        assertTrue(e.getMessage().contains("expected 6 fields"), e.getMessage());
    }

    @Test
    void outOfRangeValuesNameTheField() {
        assertMessage("60 * * * * *", "second field '60': 60 is outside 0-59");
        assertMessage("0 0 24 * * *", "hour field '24'");
        assertMessage("0 0 0 0 * *", "day field '0'");
        assertMessage("0 0 0 * 13 *", "month field '13'");
        assertMessage("0 0 0 * * 7", "day-of-week field '7'");
    }

    @Test
    void malformedItemsAreRejected() {
        assertMessage("*/0 * * * * *", "step must be at least 1");
        assertMessage("5-1 * * * * *", "range start is after its end");
        assertMessage("x * * * * *", "'x' is not a number");
        assertMessage("1,,2 * * * * *", "'' is not a number");
    }

    private static void assertMessage(String schedule, String expected) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> NcrontabSchedule.parse(schedule));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
