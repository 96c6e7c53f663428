package dev.fleetops.core.hub;

import com.google.gson.JsonElement;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.contract.StrictJson;

/**
 * What a device's answer to a FleetOps direct method means. The one reading of a {@link MethodAnswer}:
 * single-device actions and rollouts both decide from it, so a device cannot be "accepted" by one and
 * "failed" by the other. The status decides first ({@link MethodStatus}); a 200 is then read from its
 * {@link MethodAck}, because tutorial devices answer 200 for "started" while FleetOps devices say what
 * their 200 means.
 */
public sealed interface DeviceReply {
    /** Device messages end up in HTTP responses and tables; a hostile device must not be able to flood them. */
    int MAX_MESSAGE = 512;

    /** The device's own words, bounded, possibly empty. */
    String message();

    /** The device started the operation (202, or a 200 that says nothing else). */
    record Accepted(String message) implements DeviceReply {}

    /** The device already runs or ran this operation; nothing new was started. */
    record Duplicate(String message) implements DeviceReply {}

    /** The goal is already met (e.g. the version is installed); nothing was started. */
    record Current(String message) implements DeviceReply {}

    /**
     * The device refused: a 4xx, or a 200 whose acknowledgement says {@code rejected}. Nothing was started.
     *
     * @param runningOperationId when busy, the well-formed id of the operation holding the device, else null
     */
    record Refused(int status, String message, String runningOperationId) implements DeviceReply {}

    /** The device failed to handle the request (5xx), or answered a status FleetOps devices do not use. */
    record Failed(int status, String message) implements DeviceReply {}

    static DeviceReply of(MethodAnswer answer) {
        MethodAck ack = ack(answer.payload());
        String message = message(ack, answer.payload());
        int status = answer.status();
        if (status == MethodStatus.ACCEPTED) {
            return new Accepted(message);
        }
        if (status == MethodStatus.NO_NEW_OPERATION) {
            MethodAck.Result result = ack == null || ack.result() == null ? MethodAck.Result.ACCEPTED : ack.result();
            return switch (result) {
                case ACCEPTED -> new Accepted(message);
                case DUPLICATE -> new Duplicate(message);
                case CURRENT -> new Current(message);
                case REJECTED -> new Refused(status, message, runningOperation(ack));
            };
        }
        if (status >= 400 && status < 500) {
            return new Refused(status, message, runningOperation(ack));
        }
        return new Failed(status, message.isEmpty() ? "device answered status " + status : message);
    }

    private static MethodAck ack(JsonElement payload) {
        if (payload == null || !payload.isJsonObject()) {
            return null;
        }
        try {
            return StrictJson.GSON.fromJson(payload, MethodAck.class);
        } catch (RuntimeException e) {
            // Any shape a device sends is possible; an unreadable acknowledgement is no acknowledgement.
            return null;
        }
    }

    private static String message(MethodAck ack, JsonElement payload) {
        String m;
        if (ack != null && ack.message() != null) {
            m = ack.message();
        } else if (payload != null && payload.isJsonPrimitive()) {
            m = payload.getAsString();
        } else if (payload == null || payload.isJsonNull()) {
            m = "";
        } else {
            m = payload.toString();
        }
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
    }

    private static String runningOperation(MethodAck ack) {
        String id = ack == null ? null : ack.runningOperationId();
        return OperationIds.isValid(id) ? id : null;
    }
}
