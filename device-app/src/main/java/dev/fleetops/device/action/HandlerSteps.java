package dev.fleetops.device.action;

import com.google.gson.JsonObject;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.device.handler.Step;
import dev.fleetops.device.handler.StepCall;
import dev.fleetops.device.handler.StepOutcome;
import dev.fleetops.device.state.Operation;
import java.nio.file.Path;

/**
 * Calls the device's {@link dev.fleetops.device.handler.StepHandler} for a step of the current operation. The
 * attempt is counted in the operation's persisted details before the call, so a handler re-run after a crash
 * or a reboot learns that it is not the first try (handlers must be idempotent; the attempt helps them log).
 */
final class HandlerSteps {
    private static final String ATTEMPTS = "handlerAttempts";

    private HandlerSteps() {}

    /**
     * Runs {@code step} for the current operation, or, when none is current any more (the step after an
     * operation ended, e.g. the reboot into a rolled-back slot), for {@code operationId} as its first attempt.
     */
    static StepOutcome run(
            ActionContext ctx, Step step, String operationId, String version, String previousVersion, Path file)
            throws InterruptedException {
        int attempt = 1;
        Operation op = ctx.live().get().current();
        if (op != null && op.operationId().equals(operationId)) {
            attempt = counted(ctx, step);
        }
        Path stateDir = ctx.stateDir().toAbsolutePath();
        return ctx.updates()
                .handler()
                .run(new StepCall(
                        step,
                        operationId,
                        attempt,
                        version,
                        previousVersion,
                        file == null ? null : file.toAbsolutePath(),
                        stateDir));
    }

    private static int counted(ActionContext ctx, Step step) {
        Operation op = ctx.live()
                .update(s -> {
                    Operation cur = s.current();
                    JsonObject details = cur.details() == null
                            ? new JsonObject()
                            : cur.details().deepCopy();
                    JsonObject attempts = details.has(ATTEMPTS) ? details.getAsJsonObject(ATTEMPTS) : new JsonObject();
                    String key = step.wireName();
                    attempts.addProperty(
                            key, attempts.has(key) ? attempts.get(key).getAsInt() + 1 : 1);
                    details.add(ATTEMPTS, attempts);
                    return s.withCurrent(cur.withDetails(details));
                })
                .current();
        return op.details().getAsJsonObject(ATTEMPTS).get(step.wireName()).getAsInt();
    }

    /** The reported error of a failed handler: {@code code}, or {@code handlerTimedOut} when it hung. */
    static ErrorInfo error(StepOutcome.Failed f, String code) {
        return new ErrorInfo(f.timedOut() ? DeviceErrorCodes.HANDLER_TIMED_OUT : code, f.reason());
    }
}
