package dev.fleetops.core.event;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One event waiting for one target ({@link DeliveryQueue}): every target has its own queue, so a receiver that is down
 * holds only its own events, never another target's.
 *
 * @param key        orders the target's queue: when the event was recorded, then its operation and its place in the
 *                   operation's order ({@link OutboxEntry#orderKey}), so one device's events keep their order
 * @param recordedAt when the event was recorded (the dead-letter age counts from it)
 * @param etag       the store's version, or null
 */
public record QueuedEvent(
        String targetKey, String key, FleetEvent event, Instant recordedAt, Delivery delivery, String etag) {
    public QueuedEvent {
        Objects.requireNonNull(targetKey, "targetKey");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(delivery, "delivery");
    }

    /** The outbox entry's event, queued for {@code targetKey} with {@code delivery} (new, or how far it got). */
    public static QueuedEvent of(OutboxEntry e, String targetKey, Delivery delivery) {
        String key = String.format(
                Locale.ROOT,
                "%013d~%s~%s",
                Math.max(0, e.recordedAt().toEpochMilli()),
                e.event().operationId(),
                e.orderKey());
        return new QueuedEvent(targetKey, key, e.event(), e.recordedAt(), delivery, null);
    }

    /** The lane the event is ordered within: one device of the operation, or the operation's own events. */
    public String lane() {
        return event.operationId() + "|" + (event.deviceId() == null ? "" : "d:" + event.deviceId());
    }

    public QueuedEvent withDelivery(Delivery d) {
        return new QueuedEvent(targetKey, key, event, recordedAt, d, etag);
    }
}
