package dev.fleetops.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Window math in a zone's wall-clock time, daylight-saving days included (Europe/Berlin: 29 Mar and 25 Oct 2026). */
class DailyWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static DailyWindow window(String start, int minutes) {
        return new DailyWindow(LocalTime.parse(start), Duration.ofMinutes(minutes));
    }

    private static Instant t(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void opensAtTheLocalStartInEachZone() {
        DailyWindow w = window("02:00", 120);
        // 02:00-04:00 in Berlin (UTC+1 in winter) is 01:00-03:00 UTC; in Tokyo (UTC+9) 17:00-19:00 UTC the day before.
        assertFalse(w.isOpen(t("2026-01-10T00:59:59Z"), BERLIN));
        assertTrue(w.isOpen(t("2026-01-10T01:00:00Z"), BERLIN));
        assertTrue(w.isOpen(t("2026-01-10T02:59:59Z"), BERLIN));
        assertFalse(w.isOpen(t("2026-01-10T03:00:00Z"), BERLIN));
        assertTrue(w.isOpen(t("2026-01-09T17:30:00Z"), ZoneId.of("Asia/Tokyo")));
        assertFalse(w.isOpen(t("2026-01-10T01:30:00Z"), ZoneId.of("Asia/Tokyo")));
    }

    @Test
    void aWindowAcrossMidnightIsOpenOnBothSides() {
        DailyWindow w = window("22:00", 240);
        assertTrue(w.isOpen(t("2026-01-10T23:00:00Z"), ZoneOffset.UTC));
        assertTrue(w.isOpen(t("2026-01-11T01:59:00Z"), ZoneOffset.UTC));
        assertFalse(w.isOpen(t("2026-01-11T02:00:00Z"), ZoneOffset.UTC));
        assertFalse(w.isOpen(t("2026-01-11T21:59:00Z"), ZoneOffset.UTC));
    }

    @Test
    void summerTimeMovesTheWindowInUtc() {
        DailyWindow w = window("02:00", 60);
        // In July Berlin is UTC+2: 02:00 local is 00:00 UTC.
        assertTrue(w.isOpen(t("2026-07-01T00:30:00Z"), BERLIN));
        assertFalse(w.isOpen(t("2026-07-01T01:30:00Z"), BERLIN));
    }

    @Test
    void onTheSpringForwardDayAStartInTheGapOpensWhenTheClocksJump() {
        // 29 Mar 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC). 02:30 does not exist; it opens at 03:30 CEST.
        DailyWindow w = window("02:30", 60);
        Instant opens = w.nextOpening(t("2026-03-28T12:00:00Z"), BERLIN);
        assertEquals(t("2026-03-29T01:30:00Z"), opens, "03:30 CEST");
        assertFalse(w.isOpen(t("2026-03-29T01:29:59Z"), BERLIN));
        assertTrue(w.isOpen(t("2026-03-29T01:30:00Z"), BERLIN));
        assertTrue(w.isOpen(t("2026-03-29T02:29:59Z"), BERLIN), "a full hour of real time");
        assertFalse(w.isOpen(t("2026-03-29T02:30:00Z"), BERLIN));
    }

    @Test
    void onTheFallBackDayAStartInTheOverlapOpensAtItsFirstOccurrenceForItsRealDuration() {
        // 25 Oct 2026: 03:00 CEST falls back to 02:00 CET (01:00 UTC); 02:30 happens twice, first at 00:30 UTC.
        DailyWindow w = window("02:30", 60);
        assertEquals(t("2026-10-25T00:30:00Z"), w.nextOpening(t("2026-10-24T12:00:00Z"), BERLIN));
        assertTrue(w.isOpen(t("2026-10-25T00:30:00Z"), BERLIN));
        assertTrue(w.isOpen(t("2026-10-25T01:29:59Z"), BERLIN));
        assertFalse(w.isOpen(t("2026-10-25T01:30:00Z"), BERLIN), "not again at the second 02:30");
        // The day after, CET: 02:30 is 01:30 UTC.
        assertEquals(t("2026-10-26T01:30:00Z"), w.nextOpening(t("2026-10-25T01:30:00Z"), BERLIN));
    }

    @Test
    void aDayLongWindowAcrossTheSpringForwardNightStaysOpenIntoTheNextLocalDay() {
        // Opens 23:30 CET on 28 Mar (22:30 UTC); 24 h of real time end at 22:30 UTC on 29 Mar = 00:30 CEST on 30 Mar.
        DailyWindow w = window("23:30", 1440);
        assertTrue(w.isOpen(t("2026-03-29T22:29:00Z"), BERLIN));
    }

    @Test
    void nextOpeningIsNowWhileOpenAndTheNextStartOtherwise() {
        DailyWindow w = window("10:00", 30);
        assertEquals(t("2026-01-01T10:05:00Z"), w.nextOpening(t("2026-01-01T10:05:00Z"), ZoneOffset.UTC));
        assertEquals(t("2026-01-02T10:00:00Z"), w.nextOpening(t("2026-01-01T10:30:00Z"), ZoneOffset.UTC));
        assertEquals(t("2026-01-01T10:00:00Z"), w.nextOpening(t("2026-01-01T03:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void durationsOutsideOneMinuteToADayAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> window("02:00", 0));
        assertThrows(IllegalArgumentException.class, () -> window("02:00", 1441));
        assertThrows(IllegalArgumentException.class, () -> new DailyWindow(LocalTime.NOON, Duration.ofSeconds(30)));
    }

    @Test
    void zoneIdsAreIanaRegionsNeverOffsets() {
        assertEquals(BERLIN, TimeZones.parse("Europe/Berlin").orElseThrow());
        assertEquals("UTC", TimeZones.parse("UTC").orElseThrow().getId());
        assertEquals("Etc/GMT-5", TimeZones.parse("Etc/GMT-5").orElseThrow().getId());
        for (String bad : new String[] {
            "+05:00", "UTC+5", "GMT+05:00", "Z", "europe/berlin", "Mars/Olympus", "", "Europe/Berlin ", null
        }) {
            assertTrue(TimeZones.parse(bad).isEmpty(), "refused: " + bad);
        }
    }
}
