package dev.fleetops.core.rollout.service;

/**
 * Port: the queue that carries a tick's intents to the {@link DispatchWorker}s (queue-triggered functions the platform
 * scales out). Implementation: an Azure Storage queue (functions {@code storage/StorageDispatchQueue}).
 */
public interface DispatchQueue {
    /**
     * Adds one message.
     *
     * @throws RuntimeException when it could not be added (its devices go back to the queue, unsent)
     */
    void send(DispatchBatch batch);

    /** About how many messages wait, or 0 when unknown: a tick plans fewer devices while earlier ones are not sent. */
    int waiting();
}
