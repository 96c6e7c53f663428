package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 16 item 4: instances that share one schedule send, together, at the hub-wide rate and never faster. */
class SharedPacerTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    private final TestClock clock = TestClock.at(T0);
    private final List<Instant> sentAt = new ArrayList<>();

    /** Sleeping moves the shared test clock, so each pacer's wait is visible to the other. */
    private SharedPacer pacer(PacerSlots slots, double perSecond) {
        return new SharedPacer(slots, perSecond, clock, n -> clock.advance(Duration.ofNanos(n)));
    }

    private void send(SharedPacer p) throws InterruptedException {
        p.acquire();
        sentAt.add(clock.instant());
    }

    @Test
    void twoInstancesTogetherStayAtTheRate() throws InterruptedException {
        PacerSlots shared = new PacerSlots.InMemory();
        SharedPacer a = pacer(shared, 40);
        SharedPacer b = pacer(shared, 40);
        // Uneven demand, a block (10 slots at 40/s) at a time: a sends one block, b two, and so on.
        for (int i = 0; i < 200; i++) {
            send((i / 10) % 3 == 0 ? a : b);
        }
        List<Instant> sorted = sentAt.stream().sorted().toList();
        for (int i = 0; i + 40 < sorted.size(); i++) {
            Duration span = Duration.between(sorted.get(i), sorted.get(i + 40));
            assertFalse(span.compareTo(Duration.ofSeconds(1)) < 0, "41 calls within " + span + " at call " + i);
        }
        Duration total = Duration.between(sorted.get(0), sorted.get(sorted.size() - 1));
        assertTrue(total.compareTo(Duration.ofMillis(199 * 25 + 300)) <= 0, "and no slower than the rate: " + total);
    }

    @Test
    void slotsLeftUnusedAreGivenUpNotSentInABunch() throws InterruptedException {
        PacerSlots shared = new PacerSlots.InMemory();
        SharedPacer a = pacer(shared, 40);
        send(a); // claims a block of 10, uses one
        clock.advance(Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            send(a);
        }
        List<Instant> after = sentAt.subList(1, 6);
        for (int i = 1; i < after.size(); i++) {
            assertEquals(Duration.ofMillis(25), Duration.between(after.get(i - 1), after.get(i)), "spaced: " + after);
        }
    }

    @Test
    void aThrottledInstancePausesTheOther() throws InterruptedException {
        PacerSlots shared = new PacerSlots.InMemory();
        SharedPacer a = pacer(shared, 40);
        SharedPacer b = pacer(shared, 40);
        send(a);
        a.throttled(Duration.ofSeconds(2));
        Instant throttledAt = clock.instant();
        send(b);
        assertFalse(sentAt.get(1).isBefore(throttledAt.plusSeconds(2)), "b waited for a's 429 pause: " + sentAt);
    }

    @Test
    void anUnreachableScheduleLeavesEachInstanceAQuarterOfTheRate() throws InterruptedException {
        PacerSlots down = new PacerSlots() {
            @Override
            public Instant claim(int slots, Duration interval, Instant now) {
                throw new IllegalStateException("storage down");
            }

            @Override
            public void pauseUntil(Instant until) {
                throw new IllegalStateException("storage down");
            }
        };
        SharedPacer a = pacer(down, 40);
        for (int i = 0; i < 11; i++) {
            send(a);
        }
        assertTrue(a.alone());
        assertEquals(
                Duration.ofMillis(1000), Duration.between(sentAt.get(0), sentAt.get(10)), "10 intervals of 4 × 25 ms");
    }

    @Test
    void aScheduleInThePastGivesNoSavedUpBurst() {
        SlotSchedule s =
                SlotSchedule.EMPTY.claim(10, Duration.ofMillis(100), T0).schedule();
        SlotSchedule.Claim later = s.claim(5, Duration.ofMillis(100), T0.plusSeconds(60));
        assertEquals(T0.plusSeconds(60), later.first());
        assertEquals(T0.plusSeconds(60).plusMillis(500), later.schedule().nextFree());
    }
}
