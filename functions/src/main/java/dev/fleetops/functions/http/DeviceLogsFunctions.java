package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.contract.LogsReport;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.logs.LogPullOutcome;
import dev.fleetops.core.logs.LogPullService;
import dev.fleetops.core.logs.LogStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /api/devices/{deviceId}/logs} asks the device for its recent log ({@code uploadLogs}) and answers 202
 * with where the file will appear; {@code GET /api/devices/{deviceId}/logs[?operationId=…]} says what the device
 * reported about it and, once uploaded, gives a short-lived read link (docs/api.md).
 */
public final class DeviceLogsFunctions {
    private final Supplier<LogPullService> service;
    private final Supplier<AccessGate> access;

    public DeviceLogsFunctions(Supplier<LogPullService> service, Supplier<AccessGate> access) {
        this.service = service;
        this.access = access;
    }

    @FunctionName("PullDeviceLogs")
    public HttpResponseMessage pull(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "devices/{deviceId}/logs",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("deviceId") String deviceId,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "PullDeviceLogs", caller -> {
            RequestBodies.Body body = RequestBodies.read(request, false);
            if (body instanceof RequestBodies.Body.Rejected rejected) {
                return HttpResponses.problem(request, rejected.problem());
            }
            LogPullOutcome outcome = service.get()
                    .start(
                            deviceId,
                            ((RequestBodies.Body.Json) body).value(),
                            RequestAudit.context(request, context, caller, "PullDeviceLogs"));
            if (outcome instanceof LogPullOutcome.Started s) {
                context.getLogger()
                        .info("uploadLogs " + (s.duplicate() ? "duplicate" : "accepted") + " device=" + deviceId
                                + " operation=" + s.operationId());
                String location = statusLocation(deviceId, s.operationId());
                return HttpResponses.json(request, 202, started(s, location), Map.of("Location", location));
            }
            Problem problem = Problems.action(((LogPullOutcome.NotStarted) outcome).reason());
            context.getLogger()
                    .warning("uploadLogs failed device=" + deviceId + " status=" + problem.status() + " code="
                            + problem.code());
            return HttpResponses.problem(request, problem);
        });
    }

    @FunctionName("DeviceLogs")
    public HttpResponseMessage status(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "devices/{deviceId}/logs",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("deviceId") String deviceId,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "DeviceLogs", caller -> {
            Map<String, String> query = request.getQueryParameters();
            String operationId = query == null ? null : query.get("operationId");
            LogStatus s = service.get().status(deviceId, operationId);
            if (s instanceof LogStatus.Invalid bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.field(), bad.message()));
            }
            if (s instanceof LogStatus.HubFailed f) {
                return HttpResponses.problem(request, Problems.hub(f.failure()));
            }
            if (s instanceof LogStatus.NoneReported) {
                return HttpResponses.problem(
                        request,
                        Problem.of(
                                404,
                                "logs-not-reported",
                                "No log upload reported",
                                operationId == null
                                        ? "The device has not reported a log upload."
                                        : "The device has not reported log upload " + operationId + " (yet)."));
            }
            return HttpResponses.json(
                    request, 200, reported((LogStatus.Reported) s), Map.of("Cache-Control", "no-store"));
        });
    }

    static String statusLocation(String deviceId, String operationId) {
        return "/api/devices/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8) + "/logs?operationId="
                + URLEncoder.encode(operationId, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> started(LogPullOutcome.Started s, String location) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operationId", s.operationId());
        body.put("deviceId", s.deviceId());
        body.put("result", s.duplicate() ? "duplicate" : "accepted");
        body.put("via", s.via().wire());
        body.put("container", s.container());
        body.put("blob", s.blobPath());
        body.put("message", s.message());
        body.put("acceptedAt", Timestamps.format(s.acceptedAt()));
        body.put("statusUrl", location);
        return body;
    }

    private static Map<String, Object> reported(LogStatus.Reported s) {
        LogsReport r = s.report();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceId", s.deviceId());
        body.put("operationId", r.operationId());
        body.put("status", r.status());
        body.put("container", s.container());
        body.put("blob", r.blobName());
        body.put("bytes", r.bytes());
        body.put("lines", r.lines());
        body.put("truncated", r.truncated());
        body.put("updatedAt", r.updatedAt());
        body.put("error", r.error());
        body.put("downloadUrl", s.readLink());
        return body;
    }
}
