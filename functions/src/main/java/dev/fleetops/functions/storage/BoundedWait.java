package dev.fleetops.functions.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waits for something another process is writing by asking again after growing pauses (the first pause, doubled each
 * time up to a maximum), within a time budget. Time comes from an injected {@link Clock} and pauses from an injected
 * {@link Sleeper}, so tests run a wait without waiting. The wait ends when the budget has passed on the clock or when
 * the pauses add up to it, whichever is first, so it ends even with a clock that does not move.
 */
final class BoundedWait {
    /** Pauses the calling thread. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;

        Sleeper THREAD = pause -> TimeUnit.NANOSECONDS.sleep(pause.toNanos());
    }

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration firstPause;
    private final Duration maxPause;

    BoundedWait(Clock clock, Sleeper sleeper, Duration firstPause, Duration maxPause) {
        if (firstPause.isNegative() || firstPause.isZero() || maxPause.compareTo(firstPause) < 0) {
            throw new IllegalArgumentException(
                    "pauses must be positive and the maximum at least the first: " + firstPause + ", " + maxPause);
        }
        this.clock = clock;
        this.sleeper = sleeper;
        this.firstPause = firstPause;
        this.maxPause = maxPause;
    }

    /**
     * Asks {@code probe} until it answers or the budget is spent; it is always asked at least once, and once more
     * after the last pause.
     *
     * @return the answer, or empty when the budget was spent or the thread was interrupted (its interrupt flag is then set)
     */
    <T> Optional<T> until(Duration budget, Supplier<Optional<T>> probe) {
        Instant deadline = clock.instant().plus(budget);
        Duration paused = Duration.ZERO;
        Duration next = firstPause;
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer;
            }
            Duration left = min(Duration.between(clock.instant(), deadline), budget.minus(paused));
            if (left.isNegative() || left.isZero()) {
                return Optional.empty();
            }
            Duration pause = min(next, left);
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            paused = paused.plus(pause);
            next = min(next.multipliedBy(2), maxPause);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
