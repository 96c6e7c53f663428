package dev.fleetops.device.action;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.device.handler.Step;
import dev.fleetops.device.handler.StepOutcome;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;
import dev.fleetops.device.state.Slots;

/**
 * The {@code rollback} method: one atomic save switches to the other slot, records its version and
 * ends the request as {@code rolledBack} (code {@code rollbackRequested}); the simulated reboot into
 * that slot follows. Because nothing is in progress after the save, a crash at any point leaves the
 * device on one confirmed version with a truthful report.
 */
public final class ManualRollback {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManualRollback.class);
    private final ActionContext ctx;

    public ManualRollback(ActionContext ctx) {
        this.ctx = ctx;
    }

    /** The state after rolling back for request {@code operationId}; the slots must have a previous version. */
    public static DeviceState applied(DeviceState s, String operationId, String now) {
        Slots slots = s.slots();
        String from = s.firmwareVersion();
        String to = slots.previousVersion();
        ErrorInfo cause = new ErrorInfo(
                DeviceErrorCodes.ROLLBACK_REQUESTED, "rolled back from " + from + " to " + to + " on request");
        FirmwareUpdateReport prev = s.reports().get(Action.FIRMWARE_UPDATE);
        FirmwareUpdateReport report = new FirmwareUpdateReport(
                FirmwareUpdateStatus.ROLLED_BACK,
                operationId,
                to,
                null,
                prev == null ? null : prev.lastFirmwareUpdate(),
                now,
                now,
                cause);
        String status = FirmwareUpdateStatus.ROLLED_BACK.wireName();
        return s.withSlots(slots.swappedBack(from))
                .withFirmwareVersion(to)
                .withReports(s.reports().with(report))
                .finishedImmediately(new FinishedOperation(operationId, Action.FIRMWARE_UPDATE, status, now));
    }

    /**
     * Reports the rollback, runs the {@code rollback} handler and reboots into the restored slot. The request has
     * already ended (one save), so a failed handler is logged for the operator: the report cannot take it back.
     */
    public void reportAndReboot() throws InterruptedException {
        DeviceState s = ctx.live().get();
        ctx.reporter()
                .send(Patches.merge(
                        DmReported.firmwareVersionPatch(s.firmwareVersion()),
                        DmReported.sectionPatch(s.reports().get(Action.FIRMWARE_UPDATE))));
        FirmwareUpdateReport r = s.reports().get(Action.FIRMWARE_UPDATE);
        String id = r.operationId();
        String from = s.slots().previousVersion();
        if (HandlerSteps.run(ctx, Step.ROLLBACK, id, from, s.firmwareVersion(), null) instanceof StepOutcome.Failed f) {
            LOG.error("rollback handler failed for {}: {}", id, f.reason());
        }
        StepOutcome.Failed rebootFailed = Reboots.reboot(
                ctx,
                id,
                from,
                s.firmwareVersion(),
                ctx.defaultRebootDelay(),
                () -> ctx.live().update(st -> st.booted(null)));
        if (rebootFailed != null) {
            LOG.error("reboot after rollback {} failed: {}", id, rebootFailed.reason());
        }
    }
}
