package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.device.ActionOutcome;
import dev.fleetops.core.device.DeviceActionService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /api/devices/{deviceId}/reboot | factory-reset | firmware-update}: start one action on
 * one device. Answers 202 with the operation id and a Location to poll once the device accepted.
 */
public final class DeviceActionFunctions {
    private final Supplier<DeviceActionService> service;

    private final Supplier<AccessGate> access;

    public DeviceActionFunctions(Supplier<DeviceActionService> service, Supplier<AccessGate> access) {
        this.service = service;
        this.access = access;
    }

    @FunctionName("Reboot")
    public HttpResponseMessage reboot(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "devices/{deviceId}/reboot",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("deviceId") String deviceId,
            ExecutionContext context) {
        return start(request, deviceId, Action.REBOOT, false, "Reboot", context);
    }

    @FunctionName("FactoryReset")
    public HttpResponseMessage factoryReset(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "devices/{deviceId}/factory-reset",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("deviceId") String deviceId,
            ExecutionContext context) {
        return start(request, deviceId, Action.FACTORY_RESET, false, "FactoryReset", context);
    }

    @FunctionName("FirmwareUpdate")
    public HttpResponseMessage firmwareUpdate(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "devices/{deviceId}/firmware-update",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("deviceId") String deviceId,
            ExecutionContext context) {
        return start(request, deviceId, Action.FIRMWARE_UPDATE, true, "FirmwareUpdate", context);
    }

    private HttpResponseMessage start(
            HttpRequestMessage<Optional<String>> request,
            String deviceId,
            Action<?, ?> action,
            boolean bodyRequired,
            String function,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, function, caller -> {
            RequestBodies.Body body = RequestBodies.read(request, bodyRequired);
            if (body instanceof RequestBodies.Body.Rejected rejected) {
                return HttpResponses.problem(request, rejected.problem());
            }
            ActionOutcome outcome = service.get()
                    .start(
                            action,
                            deviceId,
                            ((RequestBodies.Body.Json) body).value(),
                            RequestAudit.context(request, context, caller, function));
            if (outcome instanceof ActionOutcome.Acknowledged started) {
                context.getLogger()
                        .info(action.methodName() + " " + started.result() + " device=" + deviceId + " operation="
                                + started.operationId());
                String location = statusLocation(deviceId, action, started.acceptedAt(), started.operationId());
                return HttpResponses.json(request, 202, accepted(started, location), Map.of("Location", location));
            }
            Problem problem = Problems.action(outcome);
            context.getLogger()
                    .warning(action.methodName() + " failed device=" + deviceId + " status=" + problem.status()
                            + " code=" + problem.code());
            return HttpResponses.problem(request, problem);
        });
    }

    /**
     * Where to poll the operation. Besides its id, the URL names the action and when the device accepted it,
     * so the status read can tell an operation a newer one replaced in the twin ({@code superseded}) or one
     * nothing ever mentioned ({@code unknown}) from one not reported yet (docs/api.md).
     */
    static String statusLocation(String deviceId, Action<?, ?> action, Instant acceptedAt, String operationId) {
        return "/api/devices/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8) + "/status?action="
                + action.methodName() + "&acceptedAt=" + Timestamps.format(acceptedAt) + "&operationId="
                + URLEncoder.encode(operationId, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> accepted(ActionOutcome.Acknowledged s, String location) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operationId", s.operationId());
        body.put("deviceId", s.deviceId());
        body.put("action", s.action().methodName());
        body.put("result", dev.fleetops.contract.Wire.nameOf(s.result()));
        body.put("message", s.message());
        body.put("statusUrl", location);
        return body;
    }
}
