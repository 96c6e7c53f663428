package dev.fleetops.core.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    private static Counts counts(long succeeded, long failed, long timedOut, long rejected, long queued) {
        return new Counts(Map.of(
                ExecutionState.SUCCEEDED,
                succeeded,
                ExecutionState.FAILED,
                failed,
                ExecutionState.TIMED_OUT,
                timedOut,
                ExecutionState.REJECTED,
                rejected,
                ExecutionState.QUEUED,
                queued));
    }

    @Test
    void abortFiresExactlyAtTheThreshold() {
        AbortCriterion c = new AbortCriterion(FailureType.FAILED, 10, 10.0);
        assertTrue(c.evaluate(counts(9, 1, 0, 0, 100)).isPresent(), "10% of 10 finished trips a 10% threshold");
        assertFalse(c.evaluate(counts(10, 1, 0, 0, 100)).isPresent(), "1 of 11 is below 10%");
    }

    @Test
    void abortWaitsForTheMinimumNumberOfFinishedDevices() {
        AbortCriterion c = new AbortCriterion(FailureType.ALL, 5, 50.0);
        assertFalse(c.evaluate(counts(0, 2, 1, 1, 100)).isPresent(), "4 finished, all failed, but fewer than 5");
        assertTrue(c.evaluate(counts(0, 2, 2, 1, 100)).orElseThrow().contains("5 of 5"));
    }

    @Test
    void abortCountsOnlyTheFailureTypeItNames() {
        AbortCriterion timeouts = new AbortCriterion(FailureType.TIMED_OUT, 1, 50.0);
        assertFalse(timeouts.evaluate(counts(1, 5, 0, 0, 0)).isPresent());
        assertTrue(timeouts.evaluate(counts(1, 0, 1, 0, 0)).isPresent());
    }

    @Test
    void retryBackoffDoublesUpToTheCapAndRejectionsAreNeverRetried() {
        RetryPolicy p = new RetryPolicy(3, FailureType.ALL, Duration.ofSeconds(10), Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(10), p.backoff(1));
        assertEquals(Duration.ofSeconds(40), p.backoff(3));
        assertEquals(Duration.ofSeconds(60), p.backoff(9));
        assertTrue(p.retries(ExecutionState.FAILED, 3));
        assertFalse(p.retries(ExecutionState.FAILED, 4));
        assertFalse(p.retries(ExecutionState.REJECTED, 1));
        assertFalse(new RetryPolicy(3, FailureType.TIMED_OUT, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .retries(ExecutionState.FAILED, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new RetryPolicy(11, FailureType.ALL, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void exponentialRampGrowsWithSuccessesAndStopsAtTheMaximum() {
        RatePolicy ramp = new RatePolicy(100, 10, 2.0, 5);
        assertEquals(10, ramp.currentPerMinute(0));
        assertEquals(20, ramp.currentPerMinute(5));
        assertEquals(80, ramp.currentPerMinute(17));
        assertEquals(100, ramp.currentPerMinute(1000));
        assertEquals(3, ramp.allowance(7, 0));
        assertEquals(0, ramp.allowance(12, 0));
        assertThrows(IllegalArgumentException.class, () -> new RatePolicy(100, 10, 1.0, 5));
    }

    @Test
    void maintenanceWindowsCrossMidnight() {
        MaintenanceWindow w = new MaintenanceWindow(LocalTime.of(22, 0), Duration.ofHours(4));
        assertTrue(w.isOpen(Instant.parse("2026-01-01T23:30:00Z")));
        assertTrue(w.isOpen(Instant.parse("2026-01-02T01:59:00Z")));
        assertFalse(w.isOpen(Instant.parse("2026-01-02T02:00:00Z")));
        assertFalse(w.isOpen(Instant.parse("2026-01-02T21:59:59Z")));
    }
}
