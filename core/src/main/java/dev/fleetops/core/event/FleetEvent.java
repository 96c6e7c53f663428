package dev.fleetops.core.event;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Timestamps;
import java.time.Instant;
import java.util.Objects;

/**
 * One event: what happened ({@link EventType}), to which operation, attempt and device, when, with its data. The id is
 * {@link EventIds#of} of those: the same outcome recorded again, sent again or redelivered has the same id, so a
 * consumer de-duplicates on it.
 *
 * @param attempt  the attempt the outcome is about (0 for operation events)
 * @param deviceId the device, or null for operation events
 * @param data     the event's {@code data} (a copy is kept)
 */
public record FleetEvent(
        String id, EventType type, String operationId, int attempt, String deviceId, Instant time, JsonObject data) {
    public FleetEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(time, "time");
        data = data == null ? new JsonObject() : data.deepCopy();
    }

    /** The CloudEvents {@code source}: the operation. */
    public String source() {
        return "/fleetops/operations/" + operationId;
    }

    /** The CloudEvents {@code subject}, relative to the source: the device, or {@code operation}. */
    public String subject() {
        return deviceId == null ? "operation" : "devices/" + deviceId;
    }

    /** The event in the CloudEvents 1.0 JSON format (structured mode), as sent to Event Grid and to webhooks. */
    public JsonObject toCloudEvent() {
        JsonObject ce = new JsonObject();
        ce.addProperty("specversion", "1.0");
        ce.addProperty("id", id);
        ce.addProperty("source", source());
        ce.addProperty("type", type.cloudEventType());
        ce.addProperty("subject", subject());
        ce.addProperty("time", Timestamps.format(time));
        ce.addProperty("datacontenttype", "application/json");
        ce.add("data", data.deepCopy());
        return ce;
    }
}
