package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.core.status.DeviceStatus;
import dev.fleetops.core.status.DeviceStatusService;
import dev.fleetops.core.status.StatusOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/devices/{deviceId}} and {@code GET /api/devices/{deviceId}/status[?operationId=…[&action=…&acceptedAt=…]]}:
 * the device's device-management state from its twin.
 */
public final class DeviceStatusFunctions {
    private final Supplier<DeviceStatusService> service;

    private final Supplier<AccessGate> access;

    public DeviceStatusFunctions(Supplier<DeviceStatusService> service, Supplier<AccessGate> access) {
        this.service = service;
        this.access = access;
    }

    @FunctionName("DeviceStatus")
    public HttpResponseMessage status(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "devices/{deviceId}/status",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("deviceId") String deviceId,
            ExecutionContext context) {
        return respond(request, deviceId, "DeviceStatus", context);
    }

    @FunctionName("Device")
    public HttpResponseMessage device(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "devices/{deviceId}",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("deviceId") String deviceId,
            ExecutionContext context) {
        return respond(request, deviceId, "Device", context);
    }

    private HttpResponseMessage respond(
            HttpRequestMessage<Optional<String>> request, String deviceId, String function, ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, function, caller -> {
            Map<String, String> query = request.getQueryParameters();
            String operationId = query == null ? null : query.get("operationId");
            String action = query == null ? null : query.get("action");
            String acceptedAt = query == null ? null : query.get("acceptedAt");
            StatusOutcome outcome = service.get().status(deviceId, operationId, action, acceptedAt);
            if (outcome instanceof StatusOutcome.Found found) {
                return HttpResponses.json(request, 200, body(found.status()), Map.of("Cache-Control", "no-store"));
            }
            if (outcome instanceof StatusOutcome.InvalidRequest bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            return HttpResponses.problem(request, Problems.hub(((StatusOutcome.HubFailed) outcome).failure()));
        });
    }

    /**
     * The status document: the device's fields, then each reported action section under its own name
     * ({@code reboot}, {@code factoryReset}, {@code firmwareUpdate}), then the asked operation; absent
     * values are left out.
     */
    static Map<String, Object> body(DeviceStatus s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceId", s.deviceId());
        body.put("connectionState", s.connectionState());
        body.put("lastActivityTime", s.lastActivityTime());
        body.put("firmwareVersion", s.firmwareVersion());
        body.putAll(s.sections());
        body.put("operation", s.operation());
        return body;
    }
}
