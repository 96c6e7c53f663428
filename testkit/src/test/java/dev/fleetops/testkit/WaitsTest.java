package dev.fleetops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

class WaitsTest {
    @Test
    void returnsOnceTheConditionHoldsPollingInTheCallersThread() {
        AtomicInteger polls = new AtomicInteger();
        Thread caller = Thread.currentThread();
        Waits.upTo(Duration.ofSeconds(5)).until(() -> Thread.currentThread() == caller && polls.incrementAndGet() == 3);
        assertEquals(3, polls.get());
    }

    @Test
    void failsNamingWhatItAwaitedWhenTheTimeIsUp() {
        ConditionTimeoutException e = assertThrows(
                ConditionTimeoutException.class,
                () -> Waits.upTo(Duration.ofMillis(50), "the impossible").until(() -> false));
        assertTrue(e.getMessage().contains("the impossible"), e.getMessage());
    }

    @Test
    void untilReturnsTheMatchingReadingOrFailsDescribingTheLastOne() {
        AtomicInteger reads = new AtomicInteger();
        assertEquals(
                4,
                Waits.until(Waits.upTo(Duration.ofSeconds(5)), reads::incrementAndGet, n -> n == 4, n -> "last " + n));

        AssertionError e = assertThrows(
                AssertionError.class,
                () -> Waits.until(
                        Waits.upTo(Duration.ofMillis(50)), () -> "red", "green"::equals, last -> "still " + last));
        assertEquals("still red", e.getMessage());
    }

    @Test
    void holdsWithinSaysWhetherTheConditionCameToHold() {
        AtomicInteger reads = new AtomicInteger();
        assertTrue(Waits.holdsWithin(Duration.ofSeconds(5), () -> reads.incrementAndGet() >= 3));
        assertFalse(Waits.holdsWithin(Duration.ofMillis(30), () -> false));
    }
}
