package dev.fleetops.core.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded event waiting to be delivered: the event, where it sits in its operation's order, and how far each
 * target got.
 *
 * @param orderKey   sorts the operation's entries in the order they must be delivered in: device events by device,
 *                   then attempt, then a retried attempt's failure before the attempt's final outcome; operation
 *                   events by time ({@link #orderKeyOf})
 * @param recordedAt when the event was first recorded (the dead-letter age counts from it)
 * @param deliveries per target ({@link Target#key()}); null until the first delivery run chose the targets
 * @param etag       the store's version of the entry, or null
 */
public record OutboxEntry(
        String orderKey, FleetEvent event, Instant recordedAt, Map<String, Delivery> deliveries, String etag) {
    public OutboxEntry {
        Objects.requireNonNull(orderKey, "orderKey");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(recordedAt, "recordedAt");
        deliveries = deliveries == null ? null : Map.copyOf(deliveries);
    }

    public static OutboxEntry recorded(FleetEvent event, Instant recordedAt, int indexInSave) {
        return new OutboxEntry(orderKeyOf(event, indexInSave), event, recordedAt, null, null);
    }

    /**
     * The key that orders an operation's entries. Device events: {@code d~<device>~<attempt, 6 digits>~<0 retried
     * failure | 1 final>~<type>}, so one device's outcomes sort by attempt whatever save recorded them. Operation
     * events: {@code o~<time in ms, 13 digits>~<type's place in the lifecycle, 2 digits>~<index in its save, 3
     * digits>~<id>}, so events of one instant (a create and its start, in a test's clock) keep the lifecycle's order.
     */
    public static String orderKeyOf(FleetEvent e, int indexInSave) {
        if (e.deviceId() != null) {
            boolean isFinal = !e.data().has("final") || e.data().get("final").getAsBoolean();
            return String.format(
                    java.util.Locale.ROOT,
                    "d~%s~%06d~%d~%s",
                    e.deviceId(),
                    e.attempt(),
                    isFinal ? 1 : 0,
                    e.type().wireName());
        }
        // Events of one millisecond (an operation created and started at once) keep the lifecycle's order, in which
        // EventType is declared; the index was the only tie-breaker before, and two saves both start at 0.
        return String.format(
                java.util.Locale.ROOT,
                "o~%013d~%02d~%03d~%s",
                e.time().toEpochMilli(),
                e.type().ordinal(),
                Math.min(indexInSave, 999),
                e.id());
    }

    /** The lane the entry is ordered within: one device of the operation, or the operation's own events. */
    public String lane() {
        return event.operationId() + "|" + (event.deviceId() == null ? "" : "d:" + event.deviceId());
    }

    public OutboxEntry withDeliveries(Map<String, Delivery> d) {
        return new OutboxEntry(orderKey, event, recordedAt, d, etag);
    }

    /** Whether every target is done (delivered or dead-lettered): the entry can go. */
    public boolean finished() {
        return deliveries != null && deliveries.values().stream().allMatch(Delivery::done);
    }
}
