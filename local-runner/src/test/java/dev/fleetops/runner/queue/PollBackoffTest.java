package dev.fleetops.runner.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollBackoffTest {
    private static List<Long> delays(PollBackoff b, boolean... found) {
        List<Long> ms = new ArrayList<>();
        for (boolean f : found) {
            ms.add(b.next(f).toMillis());
        }
        return ms;
    }

    @Test
    void doublesFromTheMinimumUpToTheMaximumAndRestartsAfterMessages() {
        // random() = 0.5 gives the factor 1.0: minimum + 2^(n-1) * minimum.
        PollBackoff b = new PollBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5);
        assertEquals(
                List.of(100L, 200L, 300L, 500L, 900L, 1000L, 1000L, 100L, 200L),
                delays(b, false, false, false, false, false, false, false, true, false));
    }

    @Test
    void theRandomFactorStaysWithinTwentyPercent() {
        PollBackoff low = new PollBackoff(Duration.ofMillis(100), Duration.ofMinutes(1), () -> 0.0);
        PollBackoff high = new PollBackoff(Duration.ofMillis(100), Duration.ofMinutes(1), () -> 0.999999);
        assertEquals(List.of(100L, 180L, 260L, 420L), delays(low, false, false, false, false));
        assertEquals(List.of(100L, 219L, 339L, 579L), delays(high, false, false, false, false));
    }
}
