package dev.fleetops.core.device;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.FactoryResetRequest;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.RebootRequest;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.DeviceMethods;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import java.util.List;
import java.util.Objects;

/**
 * Starts a reboot, factory reset or firmware update on one device: validates the request, gives it an
 * operation id, invokes the direct method and interprets the device's answer. The action itself runs
 * on the device; progress is read later from its twin.
 */
public final class DeviceActionService {
    /** Device messages end up in HTTP responses; a hostile device must not be able to flood them. */
    static final int MAX_DEVICE_MESSAGE = 512;

    private final DeviceMethods methods;

    public DeviceActionService(DeviceMethods methods) {
        this.methods = Objects.requireNonNull(methods, "'methods' cannot be null.");
    }

    /**
     * @param body the strictly parsed request body, or null when the request had none
     */
    public ActionOutcome start(DmMethod action, String deviceId, JsonElement body) {
        String idProblem = DeviceIds.problem(deviceId);
        if (idProblem != null) {
            return new ActionOutcome.InvalidRequest(List.of(new FieldError("deviceId", idProblem)));
        }
        Object request;
        String operationId;
        switch (action) {
            case REBOOT -> {
                Parsed<RebootRequest> p = RebootRequest.parse(body, true);
                if (p instanceof Parsed.Invalid<RebootRequest> bad) {
                    return new ActionOutcome.InvalidRequest(bad.errors());
                }
                RebootRequest r = ((Parsed.Valid<RebootRequest>) p).value();
                operationId = idOrNew(r.operationId());
                request = r.withOperationId(operationId);
            }
            case FACTORY_RESET -> {
                Parsed<FactoryResetRequest> p = FactoryResetRequest.parse(body, true);
                if (p instanceof Parsed.Invalid<FactoryResetRequest> bad) {
                    return new ActionOutcome.InvalidRequest(bad.errors());
                }
                FactoryResetRequest r = ((Parsed.Valid<FactoryResetRequest>) p).value();
                operationId = idOrNew(r.operationId());
                request = r.withOperationId(operationId);
            }
            case FIRMWARE_UPDATE -> {
                Parsed<FirmwareUpdateRequest> p = FirmwareUpdateRequest.parse(body, true);
                if (p instanceof Parsed.Invalid<FirmwareUpdateRequest> bad) {
                    return new ActionOutcome.InvalidRequest(bad.errors());
                }
                FirmwareUpdateRequest r = ((Parsed.Valid<FirmwareUpdateRequest>) p).value();
                operationId = idOrNew(r.operationId());
                request = r.withOperationId(operationId);
            }
            default -> throw new IllegalStateException("unhandled action " + action);
        }
        MethodCallResult result = methods.invoke(deviceId, action.methodName(), StrictJson.GSON.toJsonTree(request));
        if (result instanceof HubFailure failure) {
            return new ActionOutcome.HubFailed(deviceId, failure);
        }
        return interpret(deviceId, action, operationId, (MethodAnswer) result);
    }

    private static String idOrNew(String id) {
        return id == null ? OperationIds.newId() : id;
    }

    static ActionOutcome interpret(String deviceId, DmMethod action, String operationId, MethodAnswer answer) {
        MethodAck ack = readAck(answer.payload());
        String message = deviceMessage(ack, answer.payload());
        int status = answer.status();
        if (status == MethodStatus.ACCEPTED) {
            return new ActionOutcome.Started(deviceId, action, operationId, MethodAck.Result.ACCEPTED, message);
        }
        if (status == MethodStatus.ALREADY_DONE) {
            // Tutorial devices answer 200 for "started"; FleetOps devices say what the 200 means.
            MethodAck.Result r = ack == null || ack.result() == null ? MethodAck.Result.ACCEPTED : ack.result();
            if (r == MethodAck.Result.REJECTED) {
                return new ActionOutcome.DeviceError(deviceId, status, "device answered 200 but rejected: " + message);
            }
            return new ActionOutcome.Started(deviceId, action, operationId, r, message);
        }
        if (status >= 400 && status < 500) {
            String running = ack == null ? null : safeOperationId(ack.runningOperationId());
            return new ActionOutcome.DeviceRejected(deviceId, status, message, running);
        }
        return new ActionOutcome.DeviceError(deviceId, status, message.isEmpty() ? "device answered status " + status : message);
    }

    private static MethodAck readAck(JsonElement payload) {
        if (payload == null || !payload.isJsonObject()) {
            return null;
        }
        try {
            return StrictJson.GSON.fromJson(payload, MethodAck.class);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String deviceMessage(MethodAck ack, JsonElement payload) {
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
        return m.length() > MAX_DEVICE_MESSAGE ? m.substring(0, MAX_DEVICE_MESSAGE) + "…" : m;
    }

    private static String safeOperationId(String id) {
        return OperationIds.isValid(id) ? id : null;
    }
}
