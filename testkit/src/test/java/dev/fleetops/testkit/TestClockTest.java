package dev.fleetops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestClockTest {
    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");

    @Test
    void standsStillUntilMoved() {
        TestClock clock = TestClock.at(T);
        assertEquals(T, clock.instant());
        assertEquals(T, clock.instant());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(T.plusSeconds(300), clock.instant());
        clock.set(T.minusSeconds(1));
        assertEquals(T.minusSeconds(1), clock.instant());
    }

    @Test
    void aTickingClockMovesOneStepPerRead() {
        TestClock clock = TestClock.ticking(T, Duration.ofSeconds(1));
        assertEquals(T, clock.instant());
        assertEquals(T.plusSeconds(1), clock.instant());
        assertEquals(T.plusSeconds(2).toEpochMilli(), clock.millis());
    }
}
