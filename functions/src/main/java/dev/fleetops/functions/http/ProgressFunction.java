package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.core.progress.ProgressService;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code GET /api/progress}: the latest fleet progress summary written by the timer. */
public final class ProgressFunction {
    private final Supplier<ProgressService> service;

    private final Supplier<AccessGate> access;

    public ProgressFunction(Supplier<ProgressService> service, Supplier<AccessGate> access) {
        this.service = service;
        this.access = access;
    }

    @FunctionName("Progress")
    public HttpResponseMessage latest(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "progress",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(
                request,
                context,
                access,
                "Progress",
                caller -> service.get()
                        .latest()
                        .map(json -> HttpResponses.json(request, 200, json, Map.of("Cache-Control", "no-store")))
                        .orElseGet(() -> HttpResponses.problem(
                                request,
                                Problem.of(
                                        404,
                                        "no-progress-yet",
                                        "No progress summary yet",
                                        "The progress timer has not completed a run yet."))));
    }
}
