package dev.fleetops.runner.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerInfoJsonTest {

    @Test
    void timesAreNewtonsoftsIsoFormatOfALocalDateTimeInUtc() {
        assertEquals("0001-01-01T00:00:00+00:00", TimerInfoJson.dateTime(TimerInfoJson.NEVER));
        assertEquals("2026-12-02T17:30:05+00:00", TimerInfoJson.dateTime(Instant.parse("2026-12-02T17:30:05Z")));
        assertEquals(
                "2026-12-02T17:30:05.0123+00:00",
                TimerInfoJson.dateTime(Instant.parse("2026-12-02T17:30:05.012300099Z")));
    }

    @Test
    void theShapeIsTimerInfosWithOrWithoutAStatus() {
        Instant t = Instant.parse("2026-12-02T17:30:05Z");
        assertEquals(
                "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":null,\"IsPastDue\":false}",
                TimerInfoJson.of(null, false));
        assertEquals(
                "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"2026-12-02T17:30:05+00:00\",\"Next\":"
                        + "\"2026-12-02T17:30:05+00:00\",\"LastUpdated\":\"2026-12-02T17:30:05+00:00\"},\"IsPastDue\":false}",
                TimerInfoJson.of(new TimerInfoJson.Status(t, t, t), false));
    }

    @Test
    void onlyAScheduleRestrictedToSecondsAndFiringTwiceAMinuteLosesTheMonitor() {
        Instant now = Instant.parse("2026-12-02T17:30:05Z");
        assertEquals(true, TimerScheduler.moreThanOncePerMinute(NcrontabSchedule.parse("*/10 * * * * *"), now));
        assertEquals(false, TimerScheduler.moreThanOncePerMinute(NcrontabSchedule.parse("0 * * * * *"), now));
        assertEquals(false, TimerScheduler.moreThanOncePerMinute(NcrontabSchedule.parse("*/10 * 17 * * *"), now));
        assertEquals(
                true, TimerScheduler.moreThanOncePerMinute(NcrontabSchedule.parse("*/10 0-59 * * JAN-DEC *"), now));
    }
}
