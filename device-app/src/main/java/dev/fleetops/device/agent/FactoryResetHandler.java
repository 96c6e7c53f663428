package dev.fleetops.device.agent;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FactoryResetRequest;
import dev.fleetops.contract.FactoryResetStatus;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.action.FactoryResetAction;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;

/** {@code factoryReset}: always accepted when idle; every step is idempotent, so a restart runs it again. */
final class FactoryResetHandler implements ActionHandler<FactoryResetRequest> {
    @Override
    public Action<FactoryResetRequest, ?> action() {
        return Action.FACTORY_RESET;
    }

    @Override
    public Decision admit(DeviceState state, FactoryResetRequest request, String now) {
        return new Decision.Accept(
                Operation.factoryReset(request.operationId(), FactoryResetStatus.IN_PROGRESS.wireName(), now), request);
    }

    @Override
    public void run(ActionContext ctx, Operation op, FactoryResetRequest request) throws InterruptedException {
        new FactoryResetAction(ctx).run(op);
    }

    @Override
    public RecoveryStep plan(Operation op, boolean stagedVerified, boolean onTrial) {
        return RecoveryStep.REDO_FACTORY_RESET;
    }

    @Override
    public Resumption recover(ActionContext ctx, RecoveryStep step, Operation op) {
        if (step == RecoveryStep.REDO_FACTORY_RESET) {
            // The device's factory-reset handler may take minutes: on the action thread, not in start-up.
            return () -> new FactoryResetAction(ctx).run(op);
        }
        return ActionHandler.super.recover(ctx, step, op);
    }

    /** A reset nulls the reported settings the device owns; if a drop interrupted that, it is finished now. */
    @Override
    public void resynced(ActionContext ctx) {
        FactoryResetAction.clearReportedSettings(ctx, ctx.lastReported().get());
    }

    @Override
    public void fail(ActionContext ctx, ErrorInfo error) {
        ActionHandler.endCurrent(
                ctx,
                FactoryResetStatus.FAILED,
                error,
                (s, op) -> FactoryResetAction.report(s, op, FactoryResetStatus.FAILED, null));
    }
}
