package dev.fleetops.device.action;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.DailyWindow;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.DownloadProgressReport;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareManifest;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.contract.HealthReport;
import dev.fleetops.contract.InstallWindow;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.device.handler.Step;
import dev.fleetops.device.handler.StepOutcome;
import dev.fleetops.device.manifest.FirmwarePolicy;
import dev.fleetops.device.manifest.ManifestVerifier;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import dev.fleetops.device.state.Slots;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firmware step machine with A/B slots: {@code waiting} → ({@code verifying} the manifest signature
 * when the device trusts signing keys, else {@code verifyFailed}) → {@code downloading} (resumable, progress
 * in {@code iothubDM.firmwareUpdateProgress}) → ({@code downloadFailed} | {@code downloadComplete}) →
 * ({@code installScheduled} until the request's install window opens on the device's clock, when it has one) →
 * {@code applying} (package written to the inactive slot) → switch to that slot, on trial, +
 * {@code rebooting} → simulated reboot → health check (reconnected to the hub and self-test passed
 * within the deadline) → {@code applyComplete}, or {@code rolledBack} to the previous slot when the
 * check fails or the trial slot boots too often. Each step is persisted before it is reported; step
 * names passed to {@link ActionContext#reached} mark the boundaries.
 */
public final class FirmwareUpdateAction {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdateAction.class);
    /** Staged packages live here, relative to the state directory. */
    public static final String DOWNLOADS = "downloads";

    public static final String INTERRUPTED = DeviceErrorCodes.INTERRUPTED;

    private final ActionContext ctx;

    public FirmwareUpdateAction(ActionContext ctx) {
        this.ctx = ctx;
    }

    /** Runs an update already persisted as the current operation in status {@code waiting}. */
    public void run(FirmwareUpdateRequest request) throws InterruptedException {
        step(FirmwareUpdateStatus.WAITING, op -> op.withDownloadUri(request.packageUri()));
        ctx.reached("waiting");
        download();
    }

    /**
     * Checks the manifest signature (when the device trusts signing keys), downloads (resuming a partial
     * file), then applies; the operation's {@code downloadUri} must be set. The signature is checked on
     * every entry, including a resume after a restart, so no path reaches the download unverified.
     */
    public void download() throws InterruptedException {
        if (!manifestTrusted()) {
            return;
        }
        step(FirmwareUpdateStatus.DOWNLOADING, op -> op);
        ctx.reached("downloading");
        Operation op = ctx.live().get().current();
        String staged = DOWNLOADS + "/" + op.operationId() + ".bin";
        ProgressThrottle progress = new ProgressThrottle(
                        ctx.clock(),
                        ctx.updates().progressInterval(),
                        UpdateSettings.PROGRESS_PERCENT_STEP,
                        (bytes, total) -> reportProgress(op, bytes, total))
                .stopWhen(ctx.stopping()::get);
        DownloadOutcome outcome = ctx.downloader()
                .download(
                        op.downloadUri(),
                        op.sha256(),
                        op.sizeBytes(),
                        ctx.stateDir().resolve(staged),
                        progress);
        if (outcome instanceof DownloadOutcome.Paused) {
            throw new InterruptedException("stopped during download; it resumes after the next start");
        }
        if (outcome instanceof DownloadOutcome.Failed f) {
            fail(FirmwareUpdateStatus.DOWNLOAD_FAILED, f.error());
            return;
        }
        long bytes = ((DownloadOutcome.Verified) outcome).bytes();
        reportProgress(op, bytes, bytes);
        step(
                FirmwareUpdateStatus.DOWNLOAD_COMPLETE,
                o -> o.withStagedFile(staged).withDownloadUri(null));
        ctx.reached("downloadComplete");
        apply();
    }

    /**
     * {@code verifying} (when signatures are required) → on failure {@code verifyFailed} with the reason:
     * a bad or missing signature, or a refusal by the device's {@link FirmwarePolicy} (model, security
     * version, expiry, v1 manifest, package host). Nothing has been downloaded or written to a slot at that
     * point, so the running version is untouched.
     */
    private boolean manifestTrusted() {
        ManifestVerifier verifier = ctx.updates().manifests();
        Operation op = ctx.live().get().current();
        if (verifier.required() && FirmwareUpdateStatus.WAITING.wireName().equals(op.status())) {
            step(FirmwareUpdateStatus.VERIFYING, o -> o);
            ctx.reached("verifying");
        }
        FirmwareManifest manifest = new FirmwareManifest(op.version(), op.sha256(), op.sizeBytes(), op.manifestTerms());
        ErrorInfo problem = verifier.problem(manifest, op.signature(), op.signingKeyId());
        if (problem == null) {
            problem = ctx.updates()
                    .policy()
                    .problem(
                            manifest,
                            op.downloadUri(),
                            ctx.live().get().securityVersion(),
                            ctx.clock().instant(),
                            verifier.required());
        }
        long installed = ctx.live().get().securityVersion();
        if (problem == null && ctx.updates().policy().overridden(manifest, installed)) {
            // Audited on every check (a resume checks again), so the local history shows each time the
            // override let this downgrade through; the stored highest security version stays as it is.
            String event = "firmwareUpdate downgrade to " + op.version() + " (security version "
                    + manifest.securityVersion() + " below " + installed + ") allowed by the operator's"
                    + " --allow-downgrade-to (" + op.operationId() + ")";
            LOG.warn(event);
            String now = ctx.now();
            ctx.live().update(s -> s.audited(now, event));
        }
        if (problem != null) {
            LOG.warn(
                    "firmware update {} to {} refused ({}): {}",
                    op.operationId(),
                    op.version(),
                    problem.code(),
                    problem.message());
            fail(FirmwareUpdateStatus.VERIFY_FAILED, problem);
            return false;
        }
        return true;
    }

    private void reportProgress(Operation op, long bytes, Long total) {
        Integer pct = total == null ? null : ProgressThrottle.percent(bytes, total);
        ctx.reporter().send(new DownloadProgressReport(op.operationId(), bytes, total, pct, ctx.now()).patch());
    }

    /**
     * Continues from a verified staged package: the {@code download-verified} handler (again after a restart
     * at {@code downloadComplete}), the {@code install} handler or the simulated slot write, the switch, the
     * reboot, the health check.
     */
    public void apply() throws InterruptedException {
        Operation staged = ctx.live().get().current();
        if (FirmwareUpdateStatus.DOWNLOAD_COMPLETE.wireName().equals(staged.status())
                && handler(Step.DOWNLOAD_VERIFIED, stagedPath(staged)) instanceof StepOutcome.Failed f) {
            fail(FirmwareUpdateStatus.APPLY_FAILED, HandlerSteps.error(f, DeviceErrorCodes.HANDLER_FAILED));
            return;
        }
        awaitInstallWindow();
        step(FirmwareUpdateStatus.APPLYING, op -> op);
        ctx.reached("applying");
        DeviceState s0 = ctx.live().get();
        Operation op = s0.current();
        StepOutcome installed = handler(Step.INSTALL, stagedPath(op));
        if (installed instanceof StepOutcome.Failed f) {
            fail(FirmwareUpdateStatus.APPLY_FAILED, HandlerSteps.error(f, DeviceErrorCodes.HANDLER_FAILED));
            return;
        }
        if (installed instanceof StepOutcome.BuiltIn) {
            SlotFiles.write(ctx.stateDir(), s0.slots().inactive(), stagedPath(op), op.version());
        }
        ctx.reached("slotWritten");
        // The slot switch, the version and the rebooting step land in one atomic save, so recovery never
        // sees a switched slot without knowing that its health check is due.
        String now = ctx.now();
        ctx.commit(
                s -> {
                    Operation next = s.current().step(FirmwareUpdateStatus.REBOOTING.wireName(), now);
                    DeviceState moved = s.withSlots(s.slots().switched(s.firmwareVersion(), securityVersion(next)))
                            .withFirmwareVersion(next.version())
                            .withCurrent(next);
                    return moved.withReports(moved.reports().with(report(moved, next, null)));
                },
                this::sectionPatch);
        ctx.reached("switched");
        StepOutcome.Failed rebootFailed = Reboots.reboot(
                ctx,
                op.operationId(),
                op.version(),
                ctx.live().get().slots().previousVersion(),
                ctx.defaultRebootDelay(),
                () -> {
                    ctx.live().update(s -> s.booted(null).withSlots(s.slots().bootedOnTrial()));
                    ctx.reached("rebooted");
                });
        if (rebootFailed != null) {
            rollBack(HandlerSteps.error(rebootFailed, DeviceErrorCodes.HANDLER_FAILED));
            return;
        }
        healthCheck();
    }

    /**
     * Download now, install later: with an install window that is closed on the device's clock, the update is
     * persisted and reported {@code installScheduled} (with {@code installAt}, when the window opens) and waits for
     * it. A restart in this state comes back here (the staged package verified again) and keeps waiting; a stop
     * pauses the wait. The wait wakes at least once a second, so a clock the device corrects (NTP) is followed.
     */
    private void awaitInstallWindow() throws InterruptedException {
        Operation op = ctx.live().get().current();
        InstallWindow window = InstallSchedule.window(op);
        if (window == null) {
            return;
        }
        ZoneId zone = window.zone(ctx.clock().getZone());
        DailyWindow daily = window.daily();
        Instant now = ctx.clock().instant();
        if (daily.isOpen(now, zone)) {
            return;
        }
        Instant opens = daily.nextOpening(now, zone);
        String installAt = Timestamps.format(opens);
        // Reported again only when it changed since it was saved (a restart with another --time-zone, a clock
        // that jumped past a whole window): the report says when the device will really install.
        if (!FirmwareUpdateStatus.INSTALL_SCHEDULED.wireName().equals(op.status())
                || !installAt.equals(InstallSchedule.installAt(op))) {
            LOG.info(
                    "firmware update {} verified; installs when its window opens at {} ({})",
                    op.operationId(),
                    opens.atZone(zone),
                    zone.getId());
            step(FirmwareUpdateStatus.INSTALL_SCHEDULED, o -> InstallSchedule.withInstallAt(o, installAt));
        }
        ctx.reached("installScheduled");
        while (!daily.isOpen(now, zone)) {
            pauseIfStopping();
            Duration left = Duration.between(now, daily.nextOpening(now, zone));
            ctx.sleeper().sleep(left.compareTo(WINDOW_POLL) < 0 ? left : WINDOW_POLL);
            now = ctx.clock().instant();
        }
    }

    private static final Duration WINDOW_POLL = Duration.ofSeconds(1);

    /** Calls the device's handler for {@code step} of the current update. */
    private StepOutcome handler(Step step, Path file) throws InterruptedException {
        DeviceState s = ctx.live().get();
        Operation op = s.current();
        String fallback = s.slots().trial() ? s.slots().previousVersion() : s.firmwareVersion();
        return HandlerSteps.run(ctx, step, op.operationId(), op.version(), fallback, file);
    }

    /**
     * Decides whether the version on trial stays: rolled back at once after too many trial boots,
     * otherwise it must reconnect to the hub and pass its self-test and {@code health-check} handler within the
     * deadline.
     */
    public void healthCheck() throws InterruptedException {
        DeviceState s = ctx.live().get();
        UpdateSettings u = ctx.updates();
        if (s.slots().trialBoots() > u.maxTrialBoots()) {
            rollBack(new ErrorInfo(
                    DeviceErrorCodes.BOOT_LOOP,
                    "version " + s.firmwareVersion() + " booted " + s.slots().trialBoots()
                            + " times without passing its health check"));
            return;
        }
        long deadline = System.nanoTime() + u.healthDeadline().toNanos();
        while (!ctx.power().isConnected() && System.nanoTime() < deadline) {
            pauseIfStopping();
            Thread.sleep(50);
        }
        // A device being shut down is disconnected on purpose: that says nothing about the new version,
        // whose trial then continues at the next start.
        pauseIfStopping();
        if (!ctx.power().isConnected()) {
            rollBack(new ErrorInfo(
                    DeviceErrorCodes.HEALTH_CHECK_FAILED,
                    "version " + s.firmwareVersion() + " did not reconnect to the hub within "
                            + u.healthDeadline().toSeconds() + " s"));
            return;
        }
        String failure = u.selfTest().failure(s.firmwareVersion());
        if (failure != null) {
            rollBack(new ErrorInfo(
                    DeviceErrorCodes.HEALTH_CHECK_FAILED,
                    "self-test of version " + s.firmwareVersion() + " failed: " + failure));
            return;
        }
        // A hung self-test is a failed one: the version on trial has not shown that it works.
        if (handler(Step.HEALTH_CHECK, null) instanceof StepOutcome.Failed f) {
            rollBack(new ErrorInfo(
                    DeviceErrorCodes.HEALTH_CHECK_FAILED,
                    "health check of version " + s.firmwareVersion() + " failed: " + f.reason()));
            return;
        }
        complete();
    }

    private void pauseIfStopping() throws InterruptedException {
        if (ctx.stopping().get()) {
            throw new InterruptedException("stopping; the health check runs again at the next start");
        }
    }

    /**
     * Confirms the trial slot: {@code applyComplete}, staged package dropped, and the stored security
     * version raised to the manifest's in the same atomic save, so it only ever rises with a confirmed update.
     */
    public void complete() throws InterruptedException {
        if (ctx.updates().watch().on()) {
            // Provisional until the post-update health watch passes; it commits (or rolls back) at its end.
            new PostUpdateWatch(ctx).completeProvisionally();
            return;
        }
        // Committed on the device first: a crash before the save below re-runs the health check and the
        // (idempotent) commit, while a save first could confirm a version the boot loader still treats as trial.
        if (handler(Step.COMMIT, null) instanceof StepOutcome.Failed f) {
            rollBack(HandlerSteps.error(f, DeviceErrorCodes.HANDLER_FAILED));
            return;
        }
        String now = ctx.now();
        Operation op = ctx.live().get().current();
        ctx.commit(
                s -> {
                    Operation done = s.current().step(FirmwareUpdateStatus.APPLY_COMPLETE.wireName(), now);
                    DeviceState withOp = s.withSlots(s.slots().confirmed())
                            .withCurrent(done)
                            .withSecurityVersionAtLeast(securityVersion(done))
                            .withHealth(HealthReport.of(true, s.firmwareVersion(), now));
                    return withOp.withReports(withOp.reports().with(report(withOp, done, now)))
                            .finish(FirmwareUpdateStatus.APPLY_COMPLETE.wireName(), now);
                },
                s -> Patches.merge(
                        Patches.merge(DmReported.firmwareVersionPatch(s.firmwareVersion()), sectionPatch(s)),
                        s.health().patch()));
        deleteStaged(op);
        ctx.reached("confirmed");
    }

    private static long securityVersion(Operation op) {
        return op.manifestTerms() == null ? 0 : op.manifestTerms().securityVersion();
    }

    /**
     * Switches back to the previous slot and version through the {@code rollback} handler, ends the update as
     * {@code rolledBack}, reboots. The handler runs before the save: a crash in between leaves the update on
     * trial, so the next start checks it again and rolls back again.
     */
    public void rollBack(ErrorInfo cause) throws InterruptedException {
        Operation op = ctx.live().get().current();
        LOG.warn("rolling back firmware update {}: {}", op.operationId(), cause.message());
        ErrorInfo reported = cause;
        if (handler(Step.ROLLBACK, null) instanceof StepOutcome.Failed f) {
            // Nothing better is left to try: the agent's record goes back, and the report says the device's did not.
            LOG.error("rollback handler failed for {}: {}", op.operationId(), f.reason());
            reported =
                    new ErrorInfo(cause.code(), cause.message() + "; the rollback handler failed too: " + f.reason());
        }
        ErrorInfo error = reported;
        String now = ctx.now();
        ctx.commit(
                s -> {
                    Slots slots = s.slots();
                    Operation failed = s.current()
                            .step(FirmwareUpdateStatus.ROLLED_BACK.wireName(), now)
                            .withError(error);
                    // A failed health check is the failed version's health, for a rollout's health gate.
                    DeviceState checked = DeviceErrorCodes.HEALTH_CHECK_FAILED.equals(error.code())
                            ? s.withHealth(HealthReport.of(false, s.firmwareVersion(), now))
                            : s;
                    DeviceState back = checked.withSlots(slots.rolledBack())
                            .withFirmwareVersion(slots.previousVersion())
                            .withCurrent(failed);
                    return back.withReports(back.reports().with(report(back, failed, null)))
                            .finish(FirmwareUpdateStatus.ROLLED_BACK.wireName(), now);
                },
                s -> Patches.merge(
                        Patches.merge(DmReported.firmwareVersionPatch(s.firmwareVersion()), sectionPatch(s)),
                        s.health() == null
                                ? new com.google.gson.JsonObject()
                                : s.health().patch()));
        deleteStaged(op);
        ctx.reached("rolledBack");
        String restored = ctx.live().get().firmwareVersion();
        StepOutcome.Failed rebootFailed = Reboots.reboot(
                ctx,
                op.operationId(),
                op.version(),
                restored,
                ctx.defaultRebootDelay(),
                () -> ctx.live().update(s -> s.booted(null)));
        if (rebootFailed != null) {
            LOG.error("reboot after rolling back {} failed: {}", op.operationId(), rebootFailed.reason());
        }
    }

    /** Ends the current update in {@code status} with {@code error}; nothing is reported when offline. */
    public void fail(FirmwareUpdateStatus status, ErrorInfo error) {
        Operation op = ctx.live().get().current();
        String now = ctx.now();
        ctx.commit(
                s -> {
                    Operation failed = s.current()
                            .step(status.wireName(), now)
                            .withError(error)
                            .withStagedFile(null)
                            .withDownloadUri(null);
                    DeviceState withOp = s.withCurrent(failed);
                    return withOp.withReports(withOp.reports().with(report(withOp, failed, null)))
                            .finish(status.wireName(), now);
                },
                this::sectionPatch);
        deleteStaged(op);
    }

    private void step(FirmwareUpdateStatus status, UnaryOperator<Operation> change) {
        String now = ctx.now();
        ctx.commit(
                s -> {
                    Operation next = change.apply(s.current().step(status.wireName(), now));
                    DeviceState withOp = s.withCurrent(next);
                    return withOp.withReports(withOp.reports().with(report(withOp, next, null)));
                },
                this::sectionPatch);
    }

    private com.google.gson.JsonObject sectionPatch(DeviceState s) {
        return DmReported.sectionPatch(s.reports().get(Action.FIRMWARE_UPDATE));
    }

    void deleteStaged(Operation op) {
        if (op == null) {
            return;
        }
        Path staged = ctx.stateDir().resolve(DOWNLOADS).resolve(op.operationId() + ".bin");
        Downloader.deleteQuietly(staged);
        Downloader.deleteQuietly(Downloader.partOf(staged));
        if (op.stagedFile() != null) {
            Downloader.deleteQuietly(ctx.stateDir().resolve(op.stagedFile()));
        }
    }

    /** Path of the staged package of {@code op}, or null. */
    public Path stagedPath(Operation op) {
        return op.stagedFile() == null ? null : ctx.stateDir().resolve(op.stagedFile());
    }

    static FirmwareUpdateReport report(DeviceState s, Operation op, String completedAt) {
        FirmwareUpdateReport prev = s.reports().get(Action.FIRMWARE_UPDATE);
        String last = completedAt != null ? completedAt : prev == null ? null : prev.lastFirmwareUpdate();
        FirmwareUpdateStatus status = dev.fleetops.contract.Wire.parse(FirmwareUpdateStatus.class, op.status())
                .orElseThrow(() -> new IllegalStateException("unknown firmware status " + op.status()));
        return new FirmwareUpdateReport(
                status,
                op.operationId(),
                op.version(),
                op.packageUri(),
                last,
                op.startedAt(),
                op.updatedAt(),
                op.error(),
                status == FirmwareUpdateStatus.INSTALL_SCHEDULED ? InstallSchedule.installAt(op) : null);
    }
}
