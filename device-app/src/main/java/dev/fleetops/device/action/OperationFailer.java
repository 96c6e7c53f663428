package dev.fleetops.device.action;

import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FactoryResetStatus;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.contract.RebootStatus;
import dev.fleetops.contract.Wire;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;

/**
 * Ends the current operation in its action's failure status after an unexpected error, so the device
 * does not stay busy forever. A firmware update fails as {@code downloadFailed} before its package was
 * verified and {@code applyFailed} after.
 */
public final class OperationFailer {
    private final ActionContext ctx;

    public OperationFailer(ActionContext ctx) {
        this.ctx = ctx;
    }

    public void fail(ErrorInfo error) {
        Operation op = ctx.live().get().current();
        if (op == null) {
            return;
        }
        switch (op.method()) {
            case FIRMWARE_UPDATE -> new FirmwareUpdateAction(ctx).fail(firmwareFailure(op), error);
            case REBOOT -> ctx.commit(s -> finish(s, error, RebootStatus.FAILED.wireName()),
                    s -> DmReported.sectionPatch(DmMethod.REBOOT, s.reports().reboot()));
            case FACTORY_RESET -> ctx.commit(s -> finish(s, error, FactoryResetStatus.FAILED.wireName()),
                    s -> DmReported.sectionPatch(DmMethod.FACTORY_RESET, s.reports().factoryReset()));
        }
    }

    private DeviceState finish(DeviceState s, ErrorInfo error, String status) {
        String now = ctx.now();
        Operation failed = s.current().step(status, now).withError(error);
        DeviceState withOp = s.withCurrent(failed);
        DeviceState reported = failed.method() == DmMethod.REBOOT
                ? withOp.withReports(withOp.reports().with(RebootAction.report(withOp, failed, RebootStatus.FAILED)))
                : withOp.withReports(withOp.reports().with(
                        FactoryResetAction.report(withOp, failed, FactoryResetStatus.FAILED, null)));
        return reported.finish(status, now);
    }

    private static FirmwareUpdateStatus firmwareFailure(Operation op) {
        FirmwareUpdateStatus s = Wire.parse(FirmwareUpdateStatus.class, op.status()).orElse(FirmwareUpdateStatus.APPLYING);
        return switch (s) {
            case WAITING, DOWNLOADING -> FirmwareUpdateStatus.DOWNLOAD_FAILED;
            default -> FirmwareUpdateStatus.APPLY_FAILED;
        };
    }
}
