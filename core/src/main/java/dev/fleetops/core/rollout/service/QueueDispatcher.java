package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.DispatchIntent;
import dev.fleetops.core.rollout.DispatchResult;
import dev.fleetops.core.rollout.RolloutEngine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The tick's side of queue-triggered dispatch: instead of calling the devices itself, a tick puts its saved intents
 * into queue messages ({@link DispatchBatch}) for the {@link DispatchWorker}s and returns. Messages are filled up to
 * {@link #MAX_MESSAGE_BYTES}, under the Storage queue's 64 KiB once Base64-encoded (the Functions host's default
 * message encoding). A message that cannot be sent puts its devices back in the queue as they were.
 */
public final class QueueDispatcher {
    /** JSON bytes of one message at most: 64 KiB of Base64 holds 48 KiB; some room is left for the envelope. */
    static final int MAX_MESSAGE_BYTES = 45 * 1024;

    /** Devices per message at most, so one message's calls spread over a few seconds of the hub's rate. */
    static final int MAX_DEVICES_PER_MESSAGE = 50;

    /** Devices per message at least: fewer would cost more queue transactions than the spread is worth. */
    static final int MIN_DEVICES_PER_MESSAGE = 5;

    /**
     * Messages one instance holds at most: host.json's {@code extensions.queues} batchSize 4 + newBatchThreshold 4 (the
     * Storage Queues extension fetches a new batch when the messages running drop to the threshold). An instance
     * holds its messages invisible to the others, so a message should carry about what the instance can keep in flight
     * divided by this: larger, and the first instance to poll takes the whole backlog while the others idle.
     */
    public static final int MESSAGES_PER_INSTANCE = 8;

    private final Dispatcher dispatcher;
    private final DispatchQueue queue;
    private final int devicesPerMessage;

    /** @param inFlight how many calls one instance keeps in flight at most (its window's maximum) */
    QueueDispatcher(Dispatcher dispatcher, DispatchQueue queue, int inFlight) {
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.devicesPerMessage = devicesPerMessage(inFlight);
    }

    static int devicesPerMessage(int inFlight) {
        return Math.max(MIN_DEVICES_PER_MESSAGE, Math.min(MAX_DEVICES_PER_MESSAGE, inFlight / MESSAGES_PER_INSTANCE));
    }

    /** About how many devices wait in messages not yet taken. */
    int devicesWaiting() {
        try {
            return (int) Math.min(Integer.MAX_VALUE, (long) queue.waiting() * devicesPerMessage);
        } catch (RuntimeException unknown) {
            return 0;
        }
    }

    /** Sends the intents; returns the rows of devices whose message could not be sent (back in the queue). */
    List<DeviceExecution> send(StoredRollout r, List<DispatchIntent> intents, Instant now) {
        if (intents.isEmpty()) {
            return List.of();
        }
        Dispatcher.Prepared prepared;
        try {
            prepared = dispatcher.prepare(r, intents.size(), now);
        } catch (RuntimeException e) {
            return Dispatcher.notSent(r, intents, e, now);
        }
        Instant sendBy = DispatchWorker.sendBy(now);
        List<DeviceExecution> unsent = new ArrayList<>();
        for (DispatchBatch batch : batches(r.rollout().id(), intents, prepared, sendBy, devicesPerMessage)) {
            try {
                queue.send(batch);
            } catch (RuntimeException e) {
                DispatchResult notSent = new DispatchResult.NotSent(
                        "dispatch queue: " + e.getClass().getSimpleName());
                batch.items()
                        .forEach(i -> unsent.add(RolloutEngine.applyDispatch(
                                i.intent(), notSent, r.rollout().config(), now)));
            }
        }
        return unsent;
    }

    static List<DispatchBatch> batches(
            String id, List<DispatchIntent> intents, Dispatcher.Prepared prepared, Instant sendBy, int perMessage) {
        int envelope = bytes(new DispatchBatch(id, sendBy, prepared.goalExpiry(), List.of()).toJson());
        List<DispatchBatch> out = new ArrayList<>();
        List<DispatchBatch.Item> items = new ArrayList<>();
        int size = envelope;
        for (int i = 0; i < intents.size(); i++) {
            DispatchBatch.Item item = new DispatchBatch.Item(intents.get(i), prepared.link(i));
            int itemBytes = bytes(DispatchBatch.json(item).toString()) + 1;
            if (!items.isEmpty() && (items.size() == perMessage || size + itemBytes > MAX_MESSAGE_BYTES)) {
                out.add(new DispatchBatch(id, sendBy, prepared.goalExpiry(), items));
                items = new ArrayList<>();
                size = envelope;
            }
            items.add(item);
            size += itemBytes;
        }
        if (!items.isEmpty()) {
            out.add(new DispatchBatch(id, sendBy, prepared.goalExpiry(), items));
        }
        return out;
    }

    private static int bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }
}
