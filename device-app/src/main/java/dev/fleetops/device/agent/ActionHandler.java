package dev.fleetops.device.agent;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.ActionStatus;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import java.util.function.BiFunction;

/**
 * One action as the device carries it out: the part of answering, running, recovering and failing that
 * differs between actions. Everything else is the agent's and the same for every action: the method
 * arrives ({@link MethodReceiver}), its payload is parsed with the action's contract parser, the checks
 * every action shares run ({@link RequestDecider}: invalid, duplicate, busy), an accepted operation is
 * persisted before the answer and run on the action thread, an operation found in progress at start-up
 * is recovered, and an unexpected error ends it. A new action is one implementation of this interface
 * plus its line in {@link ActionHandlers} (docs/contract.md, "Adding an action").
 *
 * <p>Handlers hold no state: everything they touch comes in as arguments, so one instance serves every
 * device of a simulated fleet.
 *
 * @param <Q> the action's request
 */
public interface ActionHandler<Q extends ActionRequest> {

    /** The action this handler carries out. */
    Action<Q, ?> action();

    /**
     * Decides, without side effects, a request that passed the shared checks (valid, not a duplicate, device
     * idle): {@link Decision.Accept} with the operation to persist, or {@link Decision.Current} when the goal
     * is already met.
     *
     * @param request the parsed request, its operation id assigned
     */
    Decision admit(DeviceState state, Q request, String now);

    /** Runs an accepted operation, already persisted as current, on the action thread. */
    void run(ActionContext ctx, Operation op, Q request) throws InterruptedException;

    /**
     * Pure: what start-up does with this action's operation found in progress. By default the operation
     * ends as failed with code {@code interrupted}, which is always truthful.
     *
     * @param stagedVerified whether the operation's staged package exists and matches its SHA-256
     * @param onTrial        whether the running firmware slot is on trial
     */
    default RecoveryStep plan(Operation op, boolean stagedVerified, boolean onTrial) {
        return RecoveryStep.FAIL_INTERRUPTED;
    }

    /**
     * Start-up, before connecting: carries out {@code step} (from {@link #plan}) for {@code op}.
     *
     * @return what must still run on the action thread once connected, or null
     */
    default Resumption recover(ActionContext ctx, RecoveryStep step, Operation op) {
        if (step == RecoveryStep.FAIL_INTERRUPTED) {
            fail(ctx, interrupted(op));
        }
        return null;
    }

    /** Ends the current operation in the action's failure status with {@code error} (an unexpected error, or a restart). */
    void fail(ActionContext ctx, ErrorInfo error);

    /**
     * Runs after every (re)connect, once the twin has been re-read and before {@code iothubDM} is
     * re-published: for work of this action that needs the hub and must survive a drop.
     */
    default void resynced(ActionContext ctx) {}

    /**
     * At every start, after recovery: work of this action that outlives its operations and must run once the agent
     * is up (e.g. resuming a post-update health watch, or a start-up self-test), queued on the action thread behind
     * a recovered operation; null for none.
     */
    default Resumption afterBoot(ActionContext ctx) {
        return null;
    }

    /**
     * Records a {@link Decision.Current} this handler's {@link #admit} returned: the state to persist (the
     * operation finished at once, its report). Only actions that can answer {@code current} override it.
     */
    default DeviceState recordCurrent(DeviceState s, Decision.Current c, String now) {
        throw new IllegalStateException(action() + " never answers current");
    }

    /** Work left for the action thread after a restart. */
    @FunctionalInterface
    interface Resumption {
        void run() throws InterruptedException;
    }

    /** The error an operation interrupted by a restart ends with. */
    static ErrorInfo interrupted(Operation op) {
        return new ErrorInfo(
                DeviceErrorCodes.INTERRUPTED, "the device restarted during " + (op == null ? "" : op.status()));
    }

    /**
     * Ends the current operation in {@code status} with {@code error}, persisted with the report that
     * {@code report} builds for it and then reported; the usual {@link #fail} of an action with one failure status.
     */
    static void endCurrent(
            ActionContext ctx,
            ActionStatus status,
            ErrorInfo error,
            BiFunction<DeviceState, Operation, ActionReport> report) {
        String now = ctx.now();
        Action<?, ?> action = ctx.live().get().current().action();
        ctx.commit(
                s -> {
                    Operation failed = s.current().step(status.wireName(), now).withError(error);
                    DeviceState withOp = s.withCurrent(failed);
                    return withOp.withReports(withOp.reports().with(report.apply(withOp, failed)))
                            .finish(status.wireName(), now);
                },
                s -> DmReported.sectionPatch(s.reports().get(action)));
    }
}
