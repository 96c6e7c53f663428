package dev.fleetops.device.action;

import dev.fleetops.contract.DmMethod;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The firmware step machine: {@code waiting} → {@code downloading} → ({@code downloadFailed} |
 * {@code downloadComplete}) → {@code applying} → version recorded + {@code rebooting} → simulated
 * reboot → {@code applyComplete}. Each step is persisted before it is reported; a failure leaves the
 * running version untouched and deletes the staged package.
 */
public final class FirmwareUpdateAction {
    /** Staged packages live here, relative to the state directory. */
    public static final String DOWNLOADS = "downloads";
    public static final String INTERRUPTED = dev.fleetops.contract.DeviceErrorCodes.INTERRUPTED;

    private final ActionContext ctx;

    public FirmwareUpdateAction(ActionContext ctx) {
        this.ctx = ctx;
    }

    /** Runs an update already persisted as the current operation in status {@code waiting}. */
    public void run(FirmwareUpdateRequest request) throws InterruptedException {
        step(FirmwareUpdateStatus.WAITING, op -> op);
        step(FirmwareUpdateStatus.DOWNLOADING, op -> op);
        Operation op = ctx.live().get().current();
        String staged = DOWNLOADS + "/" + op.operationId() + ".bin";
        DownloadOutcome outcome = ctx.downloader().download(request.packageUri(), request.sha256(),
                request.sizeBytes(), ctx.stateDir().resolve(staged));
        if (outcome instanceof DownloadOutcome.Failed f) {
            fail(FirmwareUpdateStatus.DOWNLOAD_FAILED, f.error());
            return;
        }
        step(FirmwareUpdateStatus.DOWNLOAD_COMPLETE, o -> o.withStagedFile(staged));
        apply();
    }

    /** Continues from a verified staged package: applying → record version → reboot → applyComplete. */
    public void apply() throws InterruptedException {
        step(FirmwareUpdateStatus.APPLYING, op -> op);
        // The version switch and the rebooting step land in one atomic save, so recovery never sees a
        // recorded version without knowing the reboot is due.
        String now = ctx.now();
        ctx.commit(s -> {
            Operation next = s.current().step(FirmwareUpdateStatus.REBOOTING.wireName(), now);
            DeviceState moved = s.withFirmwareVersion(next.version()).withCurrent(next);
            return moved.withReports(moved.reports().with(report(moved, next, null)));
        }, this::sectionPatch);
        ctx.power().off();
        ctx.sleeper().sleep(ctx.defaultRebootDelay());
        complete(true);
        ctx.power().on();
    }

    /** Persists the rebooted update as {@code applyComplete} and drops the staged package. */
    public void complete(boolean countBoot) {
        String now = ctx.now();
        DeviceState before = ctx.live().get();
        ctx.live().update(s -> {
            Operation done = s.current().step(FirmwareUpdateStatus.APPLY_COMPLETE.wireName(), now);
            DeviceState withOp = (countBoot ? s.booted(null) : s).withCurrent(done);
            return withOp.withReports(withOp.reports().with(report(withOp, done, now)))
                    .finish(FirmwareUpdateStatus.APPLY_COMPLETE.wireName(), now);
        });
        deleteStaged(before.current());
    }

    /** Ends the current update in {@code status} with {@code error}; nothing is reported when offline. */
    public void fail(FirmwareUpdateStatus status, ErrorInfo error) {
        Operation op = ctx.live().get().current();
        deleteStaged(op);
        String now = ctx.now();
        ctx.commit(s -> {
            Operation failed = s.current().step(status.wireName(), now).withError(error).withStagedFile(null);
            DeviceState withOp = s.withCurrent(failed);
            return withOp.withReports(withOp.reports().with(report(withOp, failed, null))).finish(status.wireName(), now);
        }, this::sectionPatch);
    }

    private void step(FirmwareUpdateStatus status, UnaryOperator<Operation> change) {
        String now = ctx.now();
        ctx.commit(s -> {
            Operation next = change.apply(s.current().step(status.wireName(), now));
            DeviceState withOp = s.withCurrent(next);
            return withOp.withReports(withOp.reports().with(report(withOp, next, null)));
        }, this::sectionPatch);
    }

    private com.google.gson.JsonObject sectionPatch(DeviceState s) {
        return DmReported.sectionPatch(DmMethod.FIRMWARE_UPDATE, s.reports().firmwareUpdate());
    }

    private void deleteStaged(Operation op) {
        if (op != null && op.stagedFile() != null) {
            Downloader.deleteQuietly(ctx.stateDir().resolve(op.stagedFile()));
        }
    }

    /** Path of the staged package of {@code op}, or null. */
    public Path stagedPath(Operation op) {
        return op.stagedFile() == null ? null : ctx.stateDir().resolve(op.stagedFile());
    }

    static FirmwareUpdateReport report(DeviceState s, Operation op, String completedAt) {
        FirmwareUpdateReport prev = s.reports().firmwareUpdate();
        String last = completedAt != null ? completedAt : prev == null ? null : prev.lastFirmwareUpdate();
        FirmwareUpdateStatus status = dev.fleetops.contract.Wire.parse(FirmwareUpdateStatus.class, op.status())
                .orElseThrow(() -> new IllegalStateException("unknown firmware status " + op.status()));
        return new FirmwareUpdateReport(status, op.operationId(), op.version(), op.packageUri(), last,
                op.startedAt(), op.updatedAt(), op.error());
    }
}
