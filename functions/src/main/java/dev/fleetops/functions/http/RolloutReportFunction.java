package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.report.RolloutReport;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/operations/{id}/report}: the operation as a self-contained HTML page for people
 * (waves, timeline, failure rate against the abort thresholds, top failure reasons, audit events).
 * Served under a CSP that allows inline styles and nothing else.
 */
public final class RolloutReportFunction {
    private final Supplier<RolloutControl> reads;

    private final Supplier<AccessGate> access;

    public RolloutReportFunction(Supplier<RolloutControl> reads, Supplier<AccessGate> access) {
        this.reads = reads;
        this.access = access;
    }

    @FunctionName("OperationReport")
    public HttpResponseMessage report(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "operations/{id}/report",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "OperationReport", caller -> {
            if (!OperationIdsCheck.valid(id)) {
                return HttpResponses.problem(request, Problems.invalid("id", "is not an operation id"));
            }
            return reads.get()
                    .snapshot(id)
                    .map(RolloutReport::render)
                    .map(html -> request.createResponseBuilder(HttpStatus.OK)
                            .header("Content-Type", "text/html; charset=utf-8")
                            .header("Content-Security-Policy", RolloutReport.CONTENT_SECURITY_POLICY)
                            .header("X-Content-Type-Options", "nosniff")
                            .header("Referrer-Policy", "no-referrer")
                            .header("Cache-Control", "no-store")
                            .body(html)
                            .build())
                    .orElseGet(() -> HttpResponses.problem(request, OperationIdsCheck.notFound(id)));
        });
    }
}
