package dev.fleetops.core.event;

import java.time.Instant;

/**
 * Where one event stands with one target (Event Grid, or a webhook subscription).
 *
 * @param attempts      sends tried so far
 * @param nextAttemptAt when the next send may go (null: at once)
 * @param lastError     what the last failed send got, for people (bounded), or null
 * @param done          delivered, or dead-lettered: nothing more to send
 */
public record Delivery(int attempts, Instant nextAttemptAt, String lastError, boolean done) {
    public static final Delivery NEW = new Delivery(0, null, null, false);

    public boolean isDue(Instant now) {
        return !done && (nextAttemptAt == null || !now.isBefore(nextAttemptAt));
    }
}
