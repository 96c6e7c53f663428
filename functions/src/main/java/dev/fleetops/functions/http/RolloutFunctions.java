package dev.fleetops.functions.http;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.contract.Parsed;
import dev.fleetops.core.rollout.service.OperationQuery;
import dev.fleetops.core.rollout.service.Page;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.core.rollout.service.RolloutService.CreateOutcome;
import dev.fleetops.core.rollout.service.RolloutSummary;
import dev.fleetops.core.rollout.service.StoredRollout;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /api/operations}: start a rollout (the API calls it a fleet operation); {@code GET /api/operations[/{id}]}: read them.
 * Per-device results and operator commands are in {@link RolloutDevicesFunctions} and
 * {@link RolloutCommandFunctions}.
 */
public final class RolloutFunctions {
    private final Supplier<RolloutService> service;
    private final Supplier<dev.fleetops.core.rollout.service.RolloutControl> reads;

    private final Supplier<AccessGate> access;

    public RolloutFunctions(
            Supplier<RolloutService> service,
            Supplier<dev.fleetops.core.rollout.service.RolloutControl> reads,
            Supplier<AccessGate> access) {
        this.service = service;
        this.reads = reads;
        this.access = access;
    }

    @FunctionName("CreateOperation")
    public HttpResponseMessage create(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "CreateOperation", caller -> {
            RequestBodies.Body body = RequestBodies.read(request, true);
            if (body instanceof RequestBodies.Body.Rejected rejected) {
                return HttpResponses.problem(request, rejected.problem());
            }
            String key = RequestBodies.header(request.getHeaders(), "idempotency-key");
            CreateOutcome outcome = service.get()
                    .create(
                            ((RequestBodies.Body.Json) body).value().getAsJsonObject(),
                            key,
                            RequestAudit.context(request, context, caller, "CreateOperation"),
                            scope -> access.get().decide("CreateOperation", caller, scope));
            if (outcome instanceof CreateOutcome.Created c) {
                context.getLogger()
                        .info("operation created id=" + c.rollout().rollout().id() + " action="
                                + c.rollout().action() + " devices="
                                + c.rollout().deviceCount());
                return accepted(request, c.rollout(), false);
            }
            if (outcome instanceof CreateOutcome.Existing e) {
                return accepted(request, e.rollout(), true);
            }
            if (outcome instanceof CreateOutcome.Invalid bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            if (outcome instanceof CreateOutcome.Forbidden f) {
                context.getLogger()
                        .warning("CreateOperation refused 403 forbidden to " + caller.auditLabel() + " (invocation "
                                + context.getInvocationId() + ")");
                return HttpResponses.problem(request, Problems.forbidden(f.decision()));
            }
            CreateOutcome.KeyConflict k = (CreateOutcome.KeyConflict) outcome;
            return HttpResponses.problem(
                    request,
                    Problem.of(
                                    409,
                                    "idempotency-key-conflict",
                                    "Idempotency key already used",
                                    "This Idempotency-Key was used for a different request.")
                            .with("operationId", k.existingId()));
        });
    }

    @FunctionName("ListOperations")
    public HttpResponseMessage list(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "operations",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "ListOperations", caller -> {
            Parsed<OperationQuery> query = OperationQuery.parse(request.getQueryParameters());
            if (query instanceof Parsed.Invalid<OperationQuery> bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            Page<RolloutSummary> page = reads.get().list(((Parsed.Valid<OperationQuery>) query).value());
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("operations", page.items());
            if (page.continuationToken() != null) {
                body.put("continuationToken", page.continuationToken());
            }
            return HttpResponses.json(request, 200, body, Map.of("Cache-Control", "no-store"));
        });
    }

    @FunctionName("PreviewOperation")
    public HttpResponseMessage preview(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations/preview",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "PreviewOperation", caller -> {
            RequestBodies.Body body = RequestBodies.read(request, true);
            if (body instanceof RequestBodies.Body.Rejected rejected) {
                return HttpResponses.problem(request, rejected.problem());
            }
            RolloutService.PreviewOutcome outcome;
            try {
                outcome = service.get()
                        .preview(((RequestBodies.Body.Json) body).value().getAsJsonObject());
            } catch (dev.fleetops.core.hub.HubCallException e) {
                return HttpResponses.problem(request, Problems.hub(e.failure()));
            }
            if (outcome instanceof RolloutService.PreviewOutcome.Invalid bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            return HttpResponses.json(
                    request,
                    200,
                    ((RolloutService.PreviewOutcome.Ready) outcome).preview(),
                    Map.of("Cache-Control", "no-store"));
        });
    }

    @FunctionName("GetOperation")
    public HttpResponseMessage get(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.GET},
                            route = "operations/{id}",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "GetOperation", caller -> {
            if (!OperationIdsCheck.valid(id)) {
                return HttpResponses.problem(request, Problems.invalid("id", "is not an operation id"));
            }
            return reads.get()
                    .get(id)
                    .map(s -> HttpResponses.json(request, 200, s, Map.of("Cache-Control", "no-store")))
                    .orElseGet(() -> HttpResponses.problem(request, OperationIdsCheck.notFound(id)));
        });
    }

    private static HttpResponseMessage accepted(HttpRequestMessage<?> request, StoredRollout r, boolean replayed) {
        String location = "/api/operations/" + r.rollout().id();
        RolloutSummary summary =
                RolloutSummary.of(r, java.util.List.of(), r.rollout().updatedAt());
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", r.rollout().id());
        body.put("state", summary.state());
        body.put("action", r.action());
        body.put("deviceCount", r.deviceCount());
        body.put("statusUrl", location);
        if (summary.approval() != null) {
            body.put("approval", summary.approval());
        }
        return HttpResponses.json(
                request,
                202,
                body,
                replayed ? Map.of("Location", location, "Idempotent-Replayed", "true") : Map.of("Location", location));
    }
}
