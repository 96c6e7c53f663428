package dev.fleetops.device.agent;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.RebootRequest;
import dev.fleetops.contract.RebootStatus;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.action.RebootAction;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;

/** {@code reboot}: always accepted when idle; a restart during it is the reboot, so it completes. */
final class RebootHandler implements ActionHandler<RebootRequest> {
    @Override
    public Action<RebootRequest, ?> action() {
        return Action.REBOOT;
    }

    @Override
    public Decision admit(DeviceState state, RebootRequest request, String now) {
        return new Decision.Accept(
                Operation.reboot(request.operationId(), request.delaySeconds(), RebootStatus.REBOOTING.wireName(), now),
                request);
    }

    @Override
    public void run(ActionContext ctx, Operation op, RebootRequest request) throws InterruptedException {
        new RebootAction(ctx).run(op);
    }

    @Override
    public RecoveryStep plan(Operation op, boolean stagedVerified, boolean onTrial) {
        return RecoveryStep.COMPLETE_REBOOT;
    }

    @Override
    public Resumption recover(ActionContext ctx, RecoveryStep step, Operation op) {
        if (step == RecoveryStep.COMPLETE_REBOOT) {
            new RebootAction(ctx).complete(false);
            return null;
        }
        return ActionHandler.super.recover(ctx, step, op);
    }

    @Override
    public void fail(ActionContext ctx, ErrorInfo error) {
        ActionHandler.endCurrent(
                ctx, RebootStatus.FAILED, error, (s, op) -> RebootAction.report(s, op, RebootStatus.FAILED));
    }
}
