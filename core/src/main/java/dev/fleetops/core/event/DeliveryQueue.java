package dev.fleetops.core.event;

import java.util.List;
import java.util.Set;

/**
 * Port: the events each target still has to take, one queue per target, in {@link QueuedEvent#key} order. The delivery
 * run moves each outbox entry into the queues of the targets that want it, then serves every queue on its own, so a
 * dead receiver's backlog is read and retried only by that receiver's task. Implementations: Table Storage (one
 * partition per target) and an in-memory one for tests.
 */
public interface DeliveryQueue {
    /** Adds events; one already queued (same target and key) keeps how far its delivery got. */
    void enqueue(List<QueuedEvent> events);

    /** The oldest {@code max} events of {@code targetKey}'s queue. */
    List<QueuedEvent> next(String targetKey, int max);

    /** Saves an event's delivery; false when it changed or went since it was read. */
    boolean update(QueuedEvent event);

    /** Removes events their targets are done with (delivered or dead-lettered); one that changed meanwhile stays. */
    void remove(List<QueuedEvent> events);

    /** The targets that have (or had) a queue: a removed subscription's is emptied with {@link #drop}. */
    Set<String> targets();

    /**
     * Removes up to {@code max} events of a target that is gone (its subscription was deleted); its queue is forgotten
     * once empty.
     *
     * @return how many were removed
     */
    int drop(String targetKey, int max);
}
