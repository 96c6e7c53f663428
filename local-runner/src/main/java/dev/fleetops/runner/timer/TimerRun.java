package dev.fleetops.runner.timer;

import java.time.Instant;

/**
 * One finished timer invocation.
 *
 * @param scheduledFor the occurrence it ran for ({@code ScheduleStatus.Next} when it started)
 * @param startedAt    when it was invoked; the next occurrence is computed from this, as the host does
 * @param timerInfo    the JSON the function received
 * @param failure      what the function threw, or null when it succeeded
 */
public record TimerRun(
        String function,
        Instant scheduledFor,
        Instant startedAt,
        Instant finishedAt,
        String timerInfo,
        Throwable failure) {

    public boolean succeeded() {
        return failure == null;
    }
}
