package dev.fleetops.device.agent;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.contract.Wire;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.action.FirmwareUpdateAction;
import dev.fleetops.device.action.InstallSchedule;
import dev.fleetops.device.action.PostUpdateWatch;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;
import dev.fleetops.device.state.Operation;

/**
 * {@code firmwareUpdate}: {@code current} when the version is installed (never run), else accepted with only
 * the redacted package URI persisted; a restart resumes the download, continues from a verified staged package
 * or runs the health check of a slot on trial, and otherwise fails as interrupted.
 */
final class FirmwareUpdateHandler implements ActionHandler<FirmwareUpdateRequest> {
    @Override
    public Action<FirmwareUpdateRequest, ?> action() {
        return Action.FIRMWARE_UPDATE;
    }

    @Override
    public Decision admit(DeviceState state, FirmwareUpdateRequest r, String now) {
        if (r.version().equals(state.firmwareVersion())) {
            return new Decision.Current(r.operationId(), r.version());
        }
        return new Decision.Accept(
                InstallSchedule.withWindow(
                        Operation.firmware(
                                        r.operationId(),
                                        r.version(),
                                        FirmwareUpdateReport.redactUri(r.packageUri()),
                                        r.sha256(),
                                        r.sizeBytes(),
                                        FirmwareUpdateStatus.WAITING.wireName(),
                                        now)
                                .withSignature(r.signature(), r.signingKeyId())
                                .withManifestTerms(r.manifest().terms()),
                        r.installWindow()),
                r);
    }

    @Override
    public void run(ActionContext ctx, Operation op, FirmwareUpdateRequest request) throws InterruptedException {
        new FirmwareUpdateAction(ctx).run(request);
    }

    /** Reported as {@code current}, finished the moment it was asked. */
    @Override
    public DeviceState recordCurrent(DeviceState s, Decision.Current c, String now) {
        FirmwareUpdateReport prev = s.reports().get(Action.FIRMWARE_UPDATE);
        FirmwareUpdateReport report = new FirmwareUpdateReport(
                FirmwareUpdateStatus.CURRENT,
                c.operationId(),
                c.version(),
                null,
                prev == null ? null : prev.lastFirmwareUpdate(),
                now,
                now,
                null);
        String status = FirmwareUpdateStatus.CURRENT.wireName();
        return s.withReports(s.reports().with(report))
                .finishedImmediately(new FinishedOperation(c.operationId(), Action.FIRMWARE_UPDATE, status, now));
    }

    @Override
    public RecoveryStep plan(Operation op, boolean stagedVerified, boolean onTrial) {
        FirmwareUpdateStatus status =
                Wire.parse(FirmwareUpdateStatus.class, op.status()).orElse(null);
        if (status == null) {
            return RecoveryStep.FAIL_APPLY_INTERRUPTED;
        }
        return switch (status) {
            case WAITING, DOWNLOADING ->
                op.downloadUri() != null ? RecoveryStep.RESUME_DOWNLOAD : RecoveryStep.FAIL_DOWNLOAD_INTERRUPTED;
            // Verifying the manifest signature comes before the download and is simply done again.
            case VERIFYING ->
                op.stagedFile() == null && op.downloadUri() != null
                        ? RecoveryStep.RESUME_DOWNLOAD
                        : stagedVerified ? RecoveryStep.CONTINUE_APPLY : RecoveryStep.FAIL_APPLY_INTERRUPTED;
            // Waiting for its install window: the staged package is checked again, then the wait goes on.
            case DOWNLOAD_COMPLETE, INSTALL_SCHEDULED, APPLYING ->
                stagedVerified ? RecoveryStep.CONTINUE_APPLY : RecoveryStep.FAIL_APPLY_INTERRUPTED;
            case REBOOTING -> onTrial ? RecoveryStep.HEALTH_CHECK : RecoveryStep.COMPLETE_APPLY;
            // A terminal status is saved together with clearing the operation, so these cannot be
            // current; if a hand-edited file says so anyway, end it rather than guess.
            case DOWNLOAD_FAILED, VERIFY_FAILED, APPLY_FAILED, APPLY_COMPLETE, CURRENT, ROLLED_BACK ->
                RecoveryStep.FAIL_APPLY_INTERRUPTED;
        };
    }

    @Override
    public Resumption recover(ActionContext ctx, RecoveryStep step, Operation op) {
        FirmwareUpdateAction fw = new FirmwareUpdateAction(ctx);
        return switch (step) {
            case CONTINUE_APPLY -> fw::apply;
            case RESUME_DOWNLOAD -> fw::download;
            case HEALTH_CHECK -> fw::healthCheck;
            case FAIL_DOWNLOAD_INTERRUPTED -> {
                fw.fail(FirmwareUpdateStatus.DOWNLOAD_FAILED, ActionHandler.interrupted(op));
                yield null;
            }
            case FAIL_APPLY_INTERRUPTED, FAIL_INTERRUPTED -> {
                fw.fail(FirmwareUpdateStatus.APPLY_FAILED, ActionHandler.interrupted(op));
                yield null;
            }
            // The commit handler runs first, and may take a while: on the action thread.
            case COMPLETE_APPLY -> fw::complete;
            case NOTHING, COMPLETE_REBOOT, REDO_FACTORY_RESET -> null;
        };
    }

    /** Resumes a post-update health watch, or checks and reports the running version's health. */
    @Override
    public Resumption afterBoot(ActionContext ctx) {
        return new PostUpdateWatch(ctx)::atStartup;
    }

    /** An update fails as {@code downloadFailed} before its package was verified and {@code applyFailed} after. */
    @Override
    public void fail(ActionContext ctx, ErrorInfo error) {
        Operation op = ctx.live().get().current();
        FirmwareUpdateStatus s =
                Wire.parse(FirmwareUpdateStatus.class, op.status()).orElse(FirmwareUpdateStatus.APPLYING);
        FirmwareUpdateStatus failure = s == FirmwareUpdateStatus.WAITING || s == FirmwareUpdateStatus.DOWNLOADING
                ? FirmwareUpdateStatus.DOWNLOAD_FAILED
                : FirmwareUpdateStatus.APPLY_FAILED;
        new FirmwareUpdateAction(ctx).fail(failure, error);
    }
}
