package dev.fleetops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        ConditionTimeoutException e = assertThrows(ConditionTimeoutException.class,
                () -> Waits.upTo(Duration.ofMillis(50), "the impossible").until(() -> false));
        assertTrue(e.getMessage().contains("the impossible"), e.getMessage());
    }
}
