package dev.fleetops.functions.http;

import dev.fleetops.core.identity.AccessDecision;
import dev.fleetops.core.identity.OperationScope;
import dev.fleetops.core.identity.Principal;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.fleetops.core.device.DeviceIds;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutControl.Command;
import dev.fleetops.core.rollout.service.RolloutControl.Outcome;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Operator commands: cancel, pause, resume, retry failed devices, cancel one device. */
public final class RolloutCommandFunctions {
    private final Supplier<RolloutControl> commands;

    private final Supplier<AccessGate> access;

    public RolloutCommandFunctions(Supplier<RolloutControl> commands, Supplier<AccessGate> access) {
        this.commands = commands;
        this.access = access;
    }

    @FunctionName("CancelOperation")
    public HttpResponseMessage cancelOperation(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "operations/{id}/cancel",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "CancelOperation", caller -> run(request, context, caller, id, Command.CANCEL, null));
    }

    @FunctionName("PauseOperation")
    public HttpResponseMessage pauseOperation(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "operations/{id}/pause",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "PauseOperation", caller -> run(request, context, caller, id, Command.PAUSE, null));
    }

    @FunctionName("ResumeOperation")
    public HttpResponseMessage resumeOperation(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "operations/{id}/resume",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "ResumeOperation", caller -> run(request, context, caller, id, Command.RESUME, null));
    }

    @FunctionName("RetryFailedOperation")
    public HttpResponseMessage retryFailedOperation(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "operations/{id}/retry-failed",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "RetryFailedOperation", caller -> run(request, context, caller, id, Command.RETRY_FAILED, null));
    }

    @FunctionName("CancelOperationDevice")
    public HttpResponseMessage cancelDevice(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "operations/{id}/devices/{deviceId}/cancel",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> request,
            @BindingName("id") String id, @BindingName("deviceId") String deviceId, ExecutionContext context) {
        return HttpResponses.guarded(request, context, access, "CancelOperationDevice", caller -> {
            String problem = DeviceIds.problem(deviceId);
            if (problem != null) {
                return HttpResponses.problem(request, Problems.invalid("deviceId", problem));
            }
            return run(request, context, caller, id, Command.CANCEL_DEVICE, deviceId);
        });
    }

    private HttpResponseMessage run(HttpRequestMessage<Optional<String>> request, ExecutionContext context, Principal caller,
                                    String id, Command c, String deviceId) {
        if (!OperationIdsCheck.valid(id)) {
            return HttpResponses.problem(request, Problems.invalid("id", "is not an operation id"));
        }
        if (c == Command.RETRY_FAILED) {
            // Retrying runs the operation's action again: the caller needs what starting it needed.
            Optional<OperationScope> scope = commands.get().scope(id);
            if (scope.isPresent() && access.get().decide("RetryFailedOperation", caller, scope.get()) instanceof AccessDecision.Forbidden f) {
                return HttpResponses.problem(request, Problems.forbidden(f));
            }
        }
        Outcome outcome = commands.get().apply(id, c, deviceId, caller.auditLabel());
        if (outcome instanceof Outcome.Done done) {
            context.getLogger().info("operation " + id + " " + c + " by " + caller.auditLabel());
            return HttpResponses.json(request, 200, done.operation(), Map.of());
        }
        if (outcome instanceof Outcome.NotFound nf) {
            return HttpResponses.problem(request, Problem.of(404, "operation-not-found", "Not found", "No " + nf.what() + "."));
        }
        if (outcome instanceof Outcome.RefusedFinished finished) {
            // A finished operation is final; the portal creates a new operation for these devices.
            return HttpResponses.problem(request, Problem.of(409, "operation-state-conflict", "The command does not apply now",
                    finished.reason()).with("retryDeviceIds", finished.retryDeviceIds())
                    .with("retryDeviceIdsTruncated", finished.truncated()));
        }
        return HttpResponses.problem(request, Problem.of(409, "operation-state-conflict", "The command does not apply now",
                ((Outcome.Refused) outcome).reason()));
    }
}
