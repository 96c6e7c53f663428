package dev.fleetops.core.device;

import com.google.gson.JsonElement;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.MethodInvoker;
import dev.fleetops.core.hub.DeviceReply;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Starts one action on one device: validates the request with the action's own parser, gives it an
 * operation id, invokes the direct method and interprets the device's answer. The action itself runs
 * on the device; progress is read later from its twin.
 */
public final class DeviceActionService {
    private final MethodInvoker methods;
    private final Clock clock;

    public DeviceActionService(MethodInvoker methods) {
        this(methods, Clock.systemUTC());
    }

    /** @param clock stamps when a device acknowledged a request */
    public DeviceActionService(MethodInvoker methods, Clock clock) {
        this.methods = Objects.requireNonNull(methods, "'methods' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
    }

    /**
     * @param body the strictly parsed request body, or null when the request had none
     */
    public ActionOutcome start(Action<?, ?> action, String deviceId, JsonElement body) {
        String idProblem = DeviceIds.problem(deviceId);
        if (idProblem != null) {
            return new ActionOutcome.InvalidRequest(List.of(new FieldError("deviceId", idProblem)));
        }
        Parsed<? extends ActionRequest> parsed = action.parse(body, true);
        if (parsed instanceof Parsed.Invalid<? extends ActionRequest> bad) {
            return new ActionOutcome.InvalidRequest(bad.errors());
        }
        ActionRequest parsedRequest = ((Parsed.Valid<? extends ActionRequest>) parsed).value();
        String operationId = parsedRequest.operationId() == null ? OperationIds.newId() : parsedRequest.operationId();
        ActionRequest request = parsedRequest.withOperationId(operationId);
        MethodCallResult result = methods.invoke(deviceId, action.methodName(), StrictJson.GSON.toJsonTree(request));
        if (result instanceof HubFailure failure) {
            return new ActionOutcome.HubFailed(deviceId, failure);
        }
        return interpret(deviceId, action, operationId, (MethodAnswer) result, clock.instant());
    }

    static ActionOutcome interpret(String deviceId, Action<?, ?> action, String operationId, MethodAnswer answer, Instant at) {
        DeviceReply reply = DeviceReply.of(answer);
        if (reply instanceof DeviceReply.Refused r) {
            return new ActionOutcome.DeviceRejected(deviceId, r.status(), r.message(), r.runningOperationId());
        }
        if (reply instanceof DeviceReply.Failed f) {
            return new ActionOutcome.DeviceError(deviceId, f.status(), f.message());
        }
        if (reply instanceof DeviceReply.Duplicate) {
            return new ActionOutcome.Duplicate(deviceId, action, operationId, reply.message(), at);
        }
        if (reply instanceof DeviceReply.Current) {
            return new ActionOutcome.AlreadyCurrent(deviceId, action, operationId, reply.message(), at);
        }
        return new ActionOutcome.Accepted(deviceId, action, operationId, reply.message(), at);
    }
}
