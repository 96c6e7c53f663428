package dev.fleetops.functions.storage;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueStorageException;
import dev.fleetops.core.rollout.service.DispatchBatch;
import dev.fleetops.core.rollout.service.DispatchQueue;

/**
 * {@link DispatchQueue} on an Azure Storage queue. Messages are written Base64-encoded, which is what the Functions
 * host's queue trigger reads by default ({@code extensions.queues.messageEncoding}, "base64"; a message in another
 * encoding would fail to decode and end in the poison queue). The queue is created on first use.
 */
public final class StorageDispatchQueue implements DispatchQueue {
    private final QueueClient queue;
    private volatile boolean ready;

    /** @param queue a client built with {@code QueueMessageEncoding.BASE64} */
    public StorageDispatchQueue(QueueClient queue) {
        this.queue = queue;
    }

    @Override
    public void send(DispatchBatch batch) {
        ensureQueue();
        queue.sendMessage(batch.toJson());
    }

    @Override
    public int waiting() {
        try {
            ensureQueue();
            return queue.getProperties().getApproximateMessagesCount();
        } catch (QueueStorageException unknown) {
            return 0;
        }
    }

    private void ensureQueue() {
        if (!ready) {
            queue.createIfNotExists();
            ready = true;
        }
    }
}
