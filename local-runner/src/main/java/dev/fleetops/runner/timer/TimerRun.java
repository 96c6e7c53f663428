package dev.fleetops.runner.timer;

import java.time.Instant;

/**
 * One finished timer invocation.
 *
 * @param failure what the function threw, or null when it succeeded
 */
public record TimerRun(String function, Instant scheduledFor, Instant finishedAt, Throwable failure) {

    public boolean succeeded() {
        return failure == null;
    }
}
