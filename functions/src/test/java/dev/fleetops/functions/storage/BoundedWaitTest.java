package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link BoundedWait} on a clock and sleeper the test controls: which pauses it takes and when it gives up. */
class BoundedWaitTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T10:00:00Z"));
    private final List<Duration> pauses = new ArrayList<>();
    private final AtomicInteger asked = new AtomicInteger();

    private BoundedWait wait(BoundedWait.Sleeper sleeper) {
        return new BoundedWait(clock, sleeper, Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    /** Answers on the {@code n}-th question. */
    private java.util.function.Supplier<Optional<String>> answersOn(int n) {
        return () -> asked.incrementAndGet() >= n ? Optional.of("found") : Optional.empty();
    }

    @Test
    void anAnswerAtOnceEndsTheWaitWithoutAPause() {
        assertEquals(Optional.of("found"), wait(pauses::add).until(Duration.ofSeconds(5), answersOn(1)));
        assertEquals(List.of(), pauses);
        assertEquals(1, asked.get());
    }

    @Test
    void anAnswerDuringTheWaitIsReturnedAfterThePausesSoFar() {
        assertEquals(Optional.of("found"), wait(pauses::add).until(Duration.ofSeconds(5), answersOn(3)));
        assertEquals(Pauses.millis(50, 100), pauses);
    }

    @Test
    void pausesDoubleUpToTheMaximumAndAddUpToTheBudgetWhenTheClockStandsStill() {
        assertEquals(Optional.empty(), wait(pauses::add).until(Duration.ofSeconds(3), answersOn(Integer.MAX_VALUE)));
        assertEquals(Pauses.millis(50, 100, 200, 400, 800, 1000, 450), pauses);
        assertEquals(pauses.size() + 1, asked.get(), "asked once more after the last pause");
    }

    @Test
    void slowAnswersUseUpTheBudgetOnTheClock() {
        BoundedWait.Sleeper sleeping = pause -> {
            pauses.add(pause);
            clock.advance(pause);
        };
        // Each question takes 300 ms: 0 → 300, pause 50, 350 → 650, pause 100, 750 → 1050, past the 1 s budget.
        Optional<String> none = wait(sleeping).until(Duration.ofSeconds(1), () -> {
            asked.incrementAndGet();
            clock.advance(Duration.ofMillis(300));
            return Optional.empty();
        });
        assertEquals(Optional.empty(), none);
        assertEquals(Pauses.millis(50, 100), pauses);
        assertEquals(3, asked.get());
    }

    @Test
    void aZeroBudgetAsksOnce() {
        assertEquals(Optional.empty(), wait(pauses::add).until(Duration.ZERO, answersOn(2)));
        assertEquals(List.of(), pauses);
        assertEquals(1, asked.get());
    }

    @Test
    void anInterruptEndsTheWaitEmptyAndKeepsTheFlag() {
        Optional<String> none = wait(pause -> {
                    throw new InterruptedException("test");
                })
                .until(Duration.ofSeconds(5), answersOn(2));
        assertEquals(Optional.empty(), none);
        assertTrue(Thread.interrupted(), "interrupt flag set (and cleared here)");
        assertEquals(1, asked.get());
    }

    @Test
    void pausesMustBePositive() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new BoundedWait(clock, pauses::add, Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BoundedWait(clock, pauses::add, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
