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
import dev.fleetops.core.hub.DeviceIds;
import dev.fleetops.core.identity.Principal;
import dev.fleetops.core.rollout.service.RejectRequest;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutControl.Command;
import dev.fleetops.core.rollout.service.RolloutControl.Outcome;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Operator commands (cancel, pause, resume, advance to the next wave, retry failed devices, cancel one device) and the second Admin's decision on
 * an operation waiting for approval (approve, reject). Each is audited by {@link RolloutControl} as intent and outcome.
 */
public final class RolloutCommandFunctions {
    /** Each command's function name: the audit's action, and the access policy's key. */
    private static final Map<Command, String> FUNCTIONS = Map.of(
            Command.CANCEL,
            "CancelOperation",
            Command.PAUSE,
            "PauseOperation",
            Command.RESUME,
            "ResumeOperation",
            Command.RETRY_FAILED,
            "RetryFailedOperation",
            Command.CANCEL_DEVICE,
            "CancelOperationDevice",
            Command.APPROVE,
            "ApproveOperation",
            Command.REJECT,
            "RejectOperation",
            Command.ADVANCE,
            "AdvanceOperation");

    private final Supplier<RolloutControl> commands;

    private final Supplier<AccessGate> access;

    public RolloutCommandFunctions(Supplier<RolloutControl> commands, Supplier<AccessGate> access) {
        this.commands = commands;
        this.access = access;
    }

    @FunctionName("CancelOperation")
    public HttpResponseMessage cancelOperation(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations/{id}/cancel",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(
                request,
                context,
                access,
                "CancelOperation",
                caller -> run(request, context, caller, id, Command.CANCEL, null));
    }

    @FunctionName("PauseOperation")
    public HttpResponseMessage pauseOperation(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations/{id}/pause",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(
                request,
                context,
                access,
                "PauseOperation",
                caller -> run(request, context, caller, id, Command.PAUSE, null));
    }

    /** Opens the next wave now, past the open one's threshold, soak and gates (Admin; audited with who did it). */
    @FunctionName("AdvanceOperation")
    public HttpResponseMessage advanceOperation(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations/{id}/advance",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(
                request,
                context,
                access,
                "AdvanceOperation",
                caller -> run(request, context, caller, id, Command.ADVANCE, null));
    }

    @FunctionName("ResumeOperation")
    public HttpResponseMessage resumeOperation(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations/{id}/resume",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(
                request,
                context,
                access,
                "ResumeOperation",
                caller -> run(request, context, caller, id, Command.RESUME, null));
    }

    @FunctionName("RetryFailedOperation")
    public HttpResponseMessage retryFailedOperation(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations/{id}/retry-failed",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(
                request,
                context,
                access,
                "RetryFailedOperation",
                caller -> run(request, context, caller, id, Command.RETRY_FAILED, null));
    }

    @FunctionName("CancelOperationDevice")
    public HttpResponseMessage cancelDevice(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations/{id}/devices/{deviceId}/cancel",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            @BindingName("deviceId") String deviceId,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "CancelOperationDevice", caller -> {
            String problem = DeviceIds.problem(deviceId);
            if (problem != null) {
                return HttpResponses.problem(request, Problems.invalid("deviceId", problem));
            }
            return run(request, context, caller, id, Command.CANCEL_DEVICE, deviceId);
        });
    }

    @FunctionName("ApproveOperation")
    public HttpResponseMessage approveOperation(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations/{id}/approve",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "ApproveOperation", caller -> {
            if (!OperationIdsCheck.valid(id)) {
                return HttpResponses.problem(request, Problems.invalid("id", "is not an operation id"));
            }
            return answer(
                    request,
                    context,
                    caller,
                    id,
                    Command.APPROVE,
                    commands.get().approve(id, RequestAudit.context(request, context, caller, "ApproveOperation")));
        });
    }

    @FunctionName("RejectOperation")
    public HttpResponseMessage rejectOperation(
            @HttpTrigger(
                            name = "req",
                            methods = {HttpMethod.POST},
                            route = "operations/{id}/reject",
                            authLevel = AuthorizationLevel.FUNCTION)
                    HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id,
            ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "RejectOperation", caller -> {
            if (!OperationIdsCheck.valid(id)) {
                return HttpResponses.problem(request, Problems.invalid("id", "is not an operation id"));
            }
            RequestBodies.Body body = RequestBodies.read(request, false);
            if (body instanceof RequestBodies.Body.Rejected rejected) {
                return HttpResponses.problem(request, rejected.problem());
            }
            Parsed<RejectRequest> parsed = RejectRequest.parse(((RequestBodies.Body.Json) body).value());
            if (parsed instanceof Parsed.Invalid<RejectRequest> bad) {
                return HttpResponses.problem(request, Problems.invalid(bad.errors()));
            }
            return answer(
                    request,
                    context,
                    caller,
                    id,
                    Command.REJECT,
                    commands.get()
                            .reject(
                                    id,
                                    ((Parsed.Valid<RejectRequest>) parsed)
                                            .value()
                                            .reason(),
                                    RequestAudit.context(request, context, caller, "RejectOperation")));
        });
    }

    private HttpResponseMessage run(
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context,
            Principal caller,
            String id,
            Command c,
            String deviceId) {
        if (!OperationIdsCheck.valid(id)) {
            return HttpResponses.problem(request, Problems.invalid("id", "is not an operation id"));
        }
        String function = FUNCTIONS.get(c);
        // Retrying runs the operation's action again: the caller needs what starting it needed (RolloutControl asks).
        Outcome outcome = commands.get()
                .apply(
                        id,
                        c,
                        deviceId,
                        RequestAudit.context(request, context, caller, function),
                        scope -> access.get().decide(function, caller, scope));
        return answer(request, context, caller, id, c, outcome);
    }

    private static HttpResponseMessage answer(
            HttpRequestMessage<Optional<String>> request,
            ExecutionContext context,
            Principal caller,
            String id,
            Command c,
            Outcome outcome) {
        if (outcome instanceof Outcome.Done done) {
            context.getLogger().info("operation " + id + " " + c + " by " + caller.auditLabel());
            return HttpResponses.json(request, 200, done.operation(), Map.of());
        }
        if (outcome instanceof Outcome.Forbidden f) {
            context.getLogger()
                    .warning(FUNCTIONS.get(c) + " refused 403 to " + caller.auditLabel() + " (invocation "
                            + context.getInvocationId() + ")");
            return HttpResponses.problem(
                    request,
                    f.decision() != null ? Problems.forbidden(f.decision()) : Problems.selfApproval(f.reason()));
        }
        if (outcome instanceof Outcome.NotFound nf) {
            return HttpResponses.problem(
                    request, Problem.of(404, "operation-not-found", "Not found", "No " + nf.what() + "."));
        }
        if (outcome instanceof Outcome.RefusedFinished finished) {
            // A finished operation is final; the portal creates a new operation for these devices.
            return HttpResponses.problem(
                    request,
                    Problem.of(409, "operation-state-conflict", "The command does not apply now", finished.reason())
                            .with("retryDeviceIds", finished.retryDeviceIds())
                            .with("retryDeviceIdsTruncated", finished.truncated()));
        }
        return HttpResponses.problem(
                request,
                Problem.of(
                        409,
                        "operation-state-conflict",
                        "The command does not apply now",
                        ((Outcome.Refused) outcome).reason()));
    }
}
