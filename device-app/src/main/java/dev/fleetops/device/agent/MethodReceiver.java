package dev.fleetops.device.agent;

import com.google.gson.JsonElement;
import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.DeviceMethods;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.Parsed;
import dev.fleetops.contract.RollbackRequest;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.action.ManualRollback;
import dev.fleetops.device.log.LogContext;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;
import dev.fleetops.device.state.LiveState;
import dev.fleetops.device.state.Operation;
import dev.fleetops.device.transport.MethodResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers direct methods: find the action's handler, parse with its contract parser (tolerating unknown
 * fields), decide, persist an accepted operation, hand it to the action thread, answer. Runs on a
 * transport thread and never waits on the network.
 */
final class MethodReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(MethodReceiver.class);

    private final ActionContext ctx;
    private final ActionHandlers handlers;
    private final RequestDecider decider;
    private final Executor actions;
    private final Consumer<Decision.Accept> runner;
    /** Answers {@link DeviceMethods#UPLOAD_LOGS}, or null when this agent does not upload logs. */
    private final java.util.function.Function<JsonElement, MethodResult> uploadLogs;

    /** @param runner runs an accepted operation; called on {@code actions} */
    MethodReceiver(
            ActionContext ctx,
            ActionHandlers handlers,
            RequestDecider decider,
            Executor actions,
            java.util.function.Function<JsonElement, MethodResult> uploadLogs,
            Consumer<Decision.Accept> runner) {
        this.uploadLogs = uploadLogs;
        this.ctx = ctx;
        this.handlers = handlers;
        this.decider = decider;
        this.actions = actions;
        this.runner = runner;
    }

    MethodResult handle(String name, JsonElement payload) {
        // Checked first: nothing the agent does with a payload should scale with what a caller chose to send.
        int size = payload == null ? 0 : StrictJson.GSON.toJson(payload).getBytes(StandardCharsets.UTF_8).length;
        if (size > DeviceMethods.MAX_PAYLOAD_BYTES) {
            LOG.warn("{} refused: payload of {} bytes", name, size);
            return Answers.of(new Decision.Invalid(
                    null,
                    List.of(new FieldError(
                            "$",
                            "payload is " + size + " bytes; at most " + DeviceMethods.MAX_PAYLOAD_BYTES
                                    + " are accepted"))));
        }
        MethodResult gated = ctx.updates().gate().before(name);
        if (gated != null) {
            return gated;
        }
        if (DeviceMethods.ROLLBACK.equals(name)) {
            return rollback(payload);
        }
        if (DeviceMethods.UPLOAD_LOGS.equals(name) && uploadLogs != null) {
            return uploadLogs.apply(payload);
        }
        ActionHandler<?> handler = handlers.forMethod(name).orElse(null);
        if (handler == null) {
            return Answers.unknownMethod(name);
        }
        Decision d;
        try {
            d = parseDecideAndRecord(handler, payload);
        } catch (RuntimeException e) {
            LOG.error("cannot handle {}", name, e);
            return Answers.deviceError(null, "device could not record the request: " + e.getMessage());
        }
        LogContext.operation(operationId(d));
        try {
            LOG.info("{} -> {}", name, d.getClass().getSimpleName());
        } finally {
            LogContext.operation(null);
        }
        return Answers.of(d);
    }

    /**
     * {@code rollback}: invalid → 400; seen id → duplicate; busy → 409; no previous version → 400; a target below
     * the highest installed security version that {@code --allow-downgrade-to} does not name → 400
     * {@code rollbackRefused}; else switched back and persisted before the answer, the reboot into the old slot follows.
     */
    private MethodResult rollback(JsonElement payload) {
        Parsed<RollbackRequest> parsed = RollbackRequest.parse(payload, false);
        if (parsed instanceof Parsed.Invalid<RollbackRequest> bad) {
            return Answers.of(new Decision.Invalid(null, bad.errors()));
        }
        String requested = ((Parsed.Valid<RollbackRequest>) parsed).value().operationId();
        LiveState live = ctx.live();
        try {
            synchronized (live) {
                DeviceState s = live.get();
                Operation running = s.current();
                if (requested != null) {
                    if (running != null && running.operationId().equals(requested)) {
                        return Answers.of(new Decision.Duplicate(requested, running.status()));
                    }
                    Optional<FinishedOperation> done = s.finished(requested);
                    if (done.isPresent()) {
                        return Answers.of(
                                new Decision.Duplicate(requested, done.get().status()));
                    }
                }
                String id = requested != null ? requested : decider.newId();
                if (running != null) {
                    return Answers.of(new Decision.Busy(id, running.operationId()));
                }
                if (s.slots().previousVersion() == null) {
                    return new MethodResult(
                            MethodStatus.BAD_REQUEST,
                            StrictJson.GSON.toJsonTree(
                                    MethodAck.rejected(id, "no previous firmware version to roll back to")));
                }
                // A rollback is a downgrade like any other: a hub request alone never goes below the highest
                // installed security version; only the local operator's --allow-downgrade-to does.
                String target = s.slots().previousVersion();
                long targetSecurity = s.slots().previousSecurity();
                boolean downgrade = targetSecurity < s.securityVersion();
                if (downgrade && !target.equals(ctx.updates().policy().allowDowngradeTo())) {
                    LOG.warn(
                            "rollback {} to {} refused: security version {} below {}",
                            id,
                            target,
                            targetSecurity,
                            s.securityVersion());
                    return new MethodResult(
                            MethodStatus.BAD_REQUEST,
                            StrictJson.GSON.toJsonTree(MethodAck.rejected(
                                    id,
                                    DeviceErrorCodes.ROLLBACK_REFUSED + ": version " + target + " has security version "
                                            + targetSecurity + ", below the " + s.securityVersion()
                                            + " this device has installed (only an operator on the device can"
                                            + " allow it: --allow-downgrade-to " + target + ")")));
                }
                String now = ctx.now();
                String audit = downgrade
                        ? "rollback to " + target + " (security version " + targetSecurity + " below "
                                + s.securityVersion() + ") allowed by the operator's --allow-downgrade-to (" + id + ")"
                        : null;
                live.update(st -> {
                    DeviceState back = ManualRollback.applied(st, id, now);
                    return audit == null ? back : back.audited(now, audit);
                });
                actions.execute(() -> {
                    try {
                        new ManualRollback(ctx).reportAndReboot();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                LOG.info("rollback {} -> accepted", id);
                return new MethodResult(
                        MethodStatus.ACCEPTED, StrictJson.GSON.toJsonTree(MethodAck.accepted(id, "rollback accepted")));
            }
        } catch (RuntimeException e) {
            LOG.error("cannot handle rollback", e);
            return Answers.deviceError(null, "device could not record the request: " + e.getMessage());
        }
    }

    private static String operationId(Decision d) {
        if (d instanceof Decision.Accept a) {
            return a.operation().operationId();
        }
        if (d instanceof Decision.Duplicate x) {
            return x.operationId();
        }
        if (d instanceof Decision.Busy x) {
            return x.operationId();
        }
        if (d instanceof Decision.Current x) {
            return x.operationId();
        }
        return ((Decision.Invalid) d).operationId();
    }

    // Deciding and persisting happen under the state lock, so two requests can never both be accepted,
    // and an operation is on disk before the caller hears "accepted".
    private <Q extends ActionRequest> Decision parseDecideAndRecord(ActionHandler<Q> handler, JsonElement payload) {
        Parsed<Q> parsed = handler.action().parse(payload, false);
        LiveState live = ctx.live();
        synchronized (live) {
            String now = ctx.now();
            Decision d = decider.decide(live.get(), handler.action(), parsed, now);
            if (d instanceof Decision.Accept a) {
                live.update(s -> s.withCurrent(a.operation())
                        .audited(
                                now,
                                handler.action().methodName() + " accepted ("
                                        + a.operation().operationId() + ")"));
                actions.execute(() -> runner.accept(a));
            } else if (d instanceof Decision.Current c) {
                DeviceState saved = live.update(s -> handler.recordCurrent(s, c, now));
                actions.execute(() -> ctx.reporter()
                        .send(DmReported.sectionPatch(saved.reports().get(handler.action()))));
            }
            return d;
        }
    }
}
