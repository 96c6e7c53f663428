package dev.fleetops.runner.queue;

import java.time.Instant;

/**
 * One queue-triggered invocation, reported when it starts and when it ends.
 *
 * @param inFlight   the listener's messages in flight (fetched, not yet completed) when this was reported
 * @param failure    what the function threw, or null (always null while started)
 */
public record QueueRun(
        String function,
        String queue,
        String messageId,
        long dequeueCount,
        String body,
        Phase phase,
        int inFlight,
        Instant at,
        Throwable failure) {
    public enum Phase {
        STARTED,
        FINISHED
    }

    public boolean succeeded() {
        return phase == Phase.FINISHED && failure == null;
    }
}
