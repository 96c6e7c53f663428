package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.core.progress.NoProgressYet;
import dev.fleetops.core.progress.ProgressService;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code GET /api/progress}: the latest fleet progress summary written by the timer. */
public final class ProgressFunction {
    private final Supplier<ProgressService> service;

    private final Supplier<AccessGate> access;

    private final Supplier<NoProgressYet> notYet;

    /** Without the timer's schedule: the 404 says only that no run completed. */
    public ProgressFunction(Supplier<ProgressService> service, Supplier<AccessGate> access) {
        this(service, access, () -> NoProgressYet.at(null, java.time.Instant.now()));
    }

    /** @param notYet what to say before the first run: when the progress timer runs next (see {@link NoProgressYet}) */
    public ProgressFunction(
            Supplier<ProgressService> service, Supplier<AccessGate> access, Supplier<NoProgressYet> notYet) {
        this.service = service;
        this.access = access;
        this.notYet = notYet;
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
                        .orElseGet(() -> HttpResponses.problem(request, noProgressYet(notYet.get()))));
    }

    static Problem noProgressYet(NoProgressYet n) {
        Problem p = Problem.of(404, "no-progress-yet", "No progress summary yet", n.detail());
        return n.nextRunAt() == null ? p : p.with("nextRunAt", n.nextRunAt().toString());
    }
}
