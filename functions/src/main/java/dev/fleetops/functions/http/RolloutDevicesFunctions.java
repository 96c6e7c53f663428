package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.service.RolloutControl;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code GET /api/operations/{id}/devices?state=failed&continuationToken=…}: per-device results, paged. */
public final class RolloutDevicesFunctions {
    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private final Supplier<RolloutControl> reads;

    private final Supplier<AccessGate> access;

    public RolloutDevicesFunctions(Supplier<RolloutControl> reads, Supplier<AccessGate> access) {
        this.reads = reads;
        this.access = access;
    }

    @FunctionName("OperationDevices")
    public HttpResponseMessage devices(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "operations/{id}/devices",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "OperationDevices", caller -> {
            if (!OperationIdsCheck.valid(id)) {
                return HttpResponses.problem(request, Problems.invalid("id", "is not an operation id"));
            }
            Map<String, String> q = request.getQueryParameters() == null ? Map.of() : request.getQueryParameters();
            ExecutionState state = null;
            if (q.get("state") != null) {
                try {
                    state = ExecutionState.valueOf(
                            q.get("state").toUpperCase(Locale.ROOT).replace('-', '_'));
                } catch (IllegalArgumentException e) {
                    return HttpResponses.problem(
                            request,
                            Problems.invalid(
                                    "state",
                                    "must be one of queued, in_progress, succeeded, failed, timed_out, rejected, canceled, removed"));
                }
            }
            int pageSize = DEFAULT_PAGE;
            if (q.get("pageSize") != null) {
                try {
                    pageSize = Integer.parseInt(q.get("pageSize"));
                } catch (NumberFormatException e) {
                    pageSize = -1;
                }
                if (pageSize < 1 || pageSize > MAX_PAGE) {
                    return HttpResponses.problem(
                            request, Problems.invalid("pageSize", "must be between 1 and " + MAX_PAGE));
                }
            }
            String token = q.get("continuationToken");
            if (token != null && (token.length() > 4096 || !token.matches("[A-Za-z0-9+/=_-]*"))) {
                return HttpResponses.problem(
                        request, Problems.invalid("continuationToken", "is not a token this API issued"));
            }
            try {
                var page = reads.get().devices(id, state, token, pageSize);
                if (page.isEmpty()) {
                    return HttpResponses.problem(request, OperationIdsCheck.notFound(id));
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put(
                        "devices",
                        page.get().items().stream().map(DeviceExecutionView::of).toList());
                body.put("continuationToken", page.get().continuationToken());
                return HttpResponses.json(request, 200, body, Map.of("Cache-Control", "no-store"));
            } catch (IllegalArgumentException e) {
                return HttpResponses.problem(
                        request, Problems.invalid("continuationToken", "is not a token this API issued"));
            }
        });
    }
}
