package dev.fleetops.core.device;

import com.google.gson.JsonElement;
import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.FactoryResetRequest;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.RebootRequest;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.DeviceMethods;
import dev.fleetops.core.hub.DeviceReply;
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
        DeviceReply reply = DeviceReply.of(answer);
        if (reply instanceof DeviceReply.Refused r) {
            return new ActionOutcome.DeviceRejected(deviceId, r.status(), r.message(), r.runningOperationId());
        }
        if (reply instanceof DeviceReply.Failed f) {
            return new ActionOutcome.DeviceError(deviceId, f.status(), f.message());
        }
        MethodAck.Result result = reply instanceof DeviceReply.Duplicate ? MethodAck.Result.DUPLICATE
                : reply instanceof DeviceReply.Current ? MethodAck.Result.CURRENT : MethodAck.Result.ACCEPTED;
        return new ActionOutcome.Started(deviceId, action, operationId, result, reply.message());
    }
}
