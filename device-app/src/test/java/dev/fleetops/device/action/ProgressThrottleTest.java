package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

    private static void feed(ProgressThrottle t, long total, Long announced, long chunk) {
        for (long b = chunk; b <= total; b += chunk) {
            if (t.due(b, announced)) {
                t.reached(b, announced);
            }
        }
    }

    @Test
    void knownSizeIsReportedEveryTenPercentNotEveryChunk() {
        List<Long> reports = new ArrayList<>();
        ProgressThrottle t = new ProgressThrottle(
                java.time.Clock.systemUTC(), Duration.ofHours(1), 10, (b, total) -> reports.add(b));
        feed(t, 1000, 1000L, 1);

        assertEquals(10, reports.size(), reports.toString());
        assertEquals(100L, reports.get(0));
        assertEquals(1000L, reports.get(9));
    }

    @Test
    void unknownSizeIsReportedByTimeOnly() {
        TestClock clock = TestClock.ticking(TestClock.START, Duration.ofSeconds(1));
        List<Long> reports = new ArrayList<>();
        ProgressThrottle t = new ProgressThrottle(clock, Duration.ofSeconds(5), 10, (b, total) -> reports.add(b));
        for (long b = 1; b <= 100; b++) {
            if (t.due(b, null)) {
                t.reached(b, null);
            }
        }
        // the clock moves 1 s per read: a report every 5 s of clock time is one in about five chunks
        org.junit.jupiter.api.Assertions.assertTrue(reports.size() >= 15 && reports.size() <= 25, reports.toString());
        assertEquals(-1, ProgressThrottle.percent(50, null));
    }
}
