package dev.fleetops.core.event;

import java.util.List;

/**
 * Port: the events recorded with each save, until every target has them. Implementations: Table Storage (one
 * partition per operation, rows keyed by {@link OutboxEntry#orderKey}) and an in-memory one for tests.
 */
public interface Outbox {
    /**
     * Records entries of one operation. Idempotent per order key: recording an entry again keeps how far its
     * deliveries got.
     */
    void record(String operationId, List<OutboxEntry> entries);

    /** At most {@code max} waiting entries, by operation and then {@link OutboxEntry#orderKey} (delivery order). */
    List<OutboxEntry> pending(int max);

    /** Saves an entry's deliveries; false when it changed since it was read (it is then left for the next run). */
    boolean update(OutboxEntry entry);

    /** Removes an entry every target is done with. */
    void remove(OutboxEntry entry);
}
