package dev.fleetops.device.agent;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for reconnects: attempt n waits a random time in
 * [cap/2, cap] where cap = min(max, initial * 2^n), so a fleet that lost its hub does not return in step.
 */
public record Backoff(Duration initial, Duration max, RandomGenerator random) {
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), RandomGenerator.getDefault());
    }

    public Duration delay(int attempt) {
        long cap = initial.toMillis() << Math.min(Math.max(attempt, 0), 20);
        cap = Math.min(cap, max.toMillis());
        long half = cap / 2;
        return Duration.ofMillis(half + random.nextLong(cap - half + 1));
    }
}
