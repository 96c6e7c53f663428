package dev.fleetops.device.action;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareUpdateReport;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.contract.HealthReport;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.device.handler.Step;
import dev.fleetops.device.handler.StepOutcome;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;
import dev.fleetops.device.state.Operation;
import dev.fleetops.device.state.Provisional;
import dev.fleetops.device.state.Slots;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The post-update health watch ({@link HealthWatch}). With the watch on, an update that passed its health check
 * ends {@code applyComplete} but stays provisional: the slot stays on trial, the {@code commit} handler and the
 * raise of the stored security version wait, and the agent re-runs its checks every interval on the action
 * thread. A failed check rolls the version back as an automatic rollback does (the {@code rollback} handler, then
 * one save: previous slot, its version, {@code rolledBack} with the update's operation id and
 * {@code healthCheckFailed}), then reboots. When the watch ends with every check good, the version is committed.
 *
 * <p>Every decision is persisted: the watch ({@link Provisional}) is saved with {@code applyComplete}, so a
 * restart during it resumes watching; a restart after its end runs one last check and then commits. An operation
 * accepted during the watch (a new update, a reboot, a factory reset) ends it early by committing the version,
 * since the operator's request supersedes the watch, and then runs. A manual {@code rollback} during the watch
 * makes it stale (the version no longer runs), and it is dropped.
 *
 * <p>Each self-test's result is also kept and reported as {@code reported.health} ({@link HealthReport}): at
 * install, at the end or failure of the watch, and at start-up. Passing checks in the middle of a watch are not
 * reported, to keep twin traffic bounded; the outcome of the watch always is.
 */
public final class PostUpdateWatch {
    private static final Logger LOG = LoggerFactory.getLogger(PostUpdateWatch.class);
    /** The longest pause between two looks at the state while waiting for the next check. */
    static final Duration POLL = Duration.ofMillis(100);

    /** Step boundaries ({@link ActionContext#reached}): applyComplete saved with the watch; the watch's two ends. */
    public static final String STEP_PROVISIONAL = "provisional";

    public static final String STEP_COMMITTED = "watchCommitted";
    public static final String STEP_ROLLED_BACK = "watchRolledBack";
    public static final String STEP_DROPPED = "watchDropped";

    private final ActionContext ctx;

    public PostUpdateWatch(ActionContext ctx) {
        this.ctx = ctx;
    }

    /** What the watch does next; pure, from the persisted state and the time. */
    public enum Next {
        /** No watch. */
        NONE,
        /** The watched version no longer runs (rolled back by request, reset): forget the watch. */
        DROP_STALE,
        /** An operation was accepted during the watch: commit the version, then let it run. */
        COMMIT_SUPERSEDED,
        /** The watch ended (also while the device was down): one last check, then commit or roll back. */
        FINAL_CHECK,
        /** The watch goes on: check when the interval has passed. */
        WAIT_AND_CHECK
    }

    /**
     * @param running           the firmware version the device runs
     * @param operationAccepted whether an operation is current (accepted, waiting for the action thread)
     */
    public static Next next(Provisional p, String running, boolean operationAccepted, Instant now) {
        if (p == null) {
            return Next.NONE;
        }
        if (!p.version().equals(running)) {
            return Next.DROP_STALE;
        }
        if (operationAccepted) {
            return Next.COMMIT_SUPERSEDED;
        }
        Instant until = Timestamps.parse(p.until()).orElse(Instant.MIN);
        return now.isBefore(until) ? Next.WAIT_AND_CHECK : Next.FINAL_CHECK;
    }

    /**
     * With the watch on: ends the current update {@code applyComplete}, provisionally (see the class comment), in
     * one save with the watch and the passed health check; then watches. Called where the update would otherwise
     * be confirmed.
     */
    void completeProvisionally() throws InterruptedException {
        String now = ctx.now();
        Operation op = ctx.live().get().current();
        String until = Timestamps.format(
                ctx.clock().instant().plus(ctx.updates().watch().period()));
        ctx.commit(
                s -> {
                    Operation done = s.current().step(FirmwareUpdateStatus.APPLY_COMPLETE.wireName(), now);
                    DeviceState withOp = s.withCurrent(done)
                            .withProvisional(new Provisional(done.operationId(), done.version(), until))
                            .withHealth(HealthReport.of(true, s.firmwareVersion(), now));
                    return withOp.withReports(withOp.reports().with(FirmwareUpdateAction.report(withOp, done, now)))
                            .finish(FirmwareUpdateStatus.APPLY_COMPLETE.wireName(), now);
                },
                s -> Patches.merge(
                        Patches.merge(
                                DmReported.firmwareVersionPatch(s.firmwareVersion()),
                                DmReported.sectionPatch(s.reports().get(Action.FIRMWARE_UPDATE))),
                        s.health().patch()));
        new FirmwareUpdateAction(ctx).deleteStaged(op);
        ctx.reached(STEP_PROVISIONAL);
        LOG.info("version {} installed by {}; watching its health until {}", op.version(), op.operationId(), until);
        try {
            watch();
        } catch (RuntimeException e) {
            // The update has ended; whatever runs next on this thread is not this watch's to fail.
            LOG.error("health watch of {} failed unexpectedly; it resumes at the next start", op.version(), e);
        }
    }

    /**
     * Runs the watch found in the state until it ends: committed, rolled back, dropped, or superseded. Throws
     * {@link InterruptedException} when the agent stops; the persisted watch resumes at the next start.
     */
    public void watch() throws InterruptedException {
        Instant nextCheck = ctx.clock().instant().plus(ctx.updates().watch().interval());
        while (true) {
            DeviceState s = ctx.live().get();
            Provisional p = s.provisional();
            Instant now = ctx.clock().instant();
            switch (next(p, s.firmwareVersion(), s.current() != null, now)) {
                case NONE -> {
                    return;
                }
                case DROP_STALE -> {
                    LOG.info(
                            "health watch of {} ({}) dropped: {} runs now",
                            p.version(),
                            p.operationId(),
                            s.firmwareVersion());
                    ctx.live().update(st -> st.withProvisional(null));
                    ctx.reached(STEP_DROPPED);
                    return;
                }
                case COMMIT_SUPERSEDED -> {
                    commit(p, "ended early by " + s.current().operationId());
                    return;
                }
                case FINAL_CHECK -> {
                    if (check(p, true)) {
                        commit(p, "passed");
                    }
                    return;
                }
                case WAIT_AND_CHECK -> {
                    if (!now.isBefore(nextCheck)) {
                        if (!check(p, false)) {
                            return;
                        }
                        nextCheck =
                                ctx.clock().instant().plus(ctx.updates().watch().interval());
                    } else {
                        if (ctx.stopping().get()) {
                            throw new InterruptedException("stopping; the health watch resumes at the next start");
                        }
                        Duration left = Duration.between(now, nextCheck);
                        ctx.sleeper().sleep(left.compareTo(POLL) < 0 ? left : POLL);
                    }
                }
            }
        }
    }

    /** Runs the checks; on failure rolls back and returns false. A passing check is reported only when {@code last}. */
    private boolean check(Provisional p, boolean last) throws InterruptedException {
        String failure = failure(p.version(), true);
        if (failure == null) {
            if (last) {
                record(true);
            }
            return true;
        }
        rollBack(p, failure);
        return false;
    }

    /** Null when {@code version} passes the self-test (and, with {@code handler}, the health-check handler). */
    private String failure(String version, boolean handler) throws InterruptedException {
        String failure = ctx.updates().selfTest().failure(version);
        if (failure != null) {
            return "self-test failed: " + failure;
        }
        if (handler) {
            DeviceState s = ctx.live().get();
            StepOutcome out = HandlerSteps.run(
                    ctx,
                    Step.HEALTH_CHECK,
                    s.provisional().operationId(),
                    version,
                    s.slots().previousVersion(),
                    null);
            if (out instanceof StepOutcome.Failed f) {
                return "health check failed: " + f.reason();
            }
        }
        return null;
    }

    /** Persists and reports the result of a self-test of the running version. */
    private void record(boolean healthy) {
        String now = ctx.now();
        ctx.commit(
                s -> s.withHealth(HealthReport.of(healthy, s.firmwareVersion(), now)),
                s -> s.health().patch());
    }

    /**
     * The watch passed (or an operation superseded it): the {@code commit} handler, then one save that confirms the
     * slot, raises the stored security version to the slot's and ends the watch. A failing commit handler rolls
     * back, as at install.
     */
    private void commit(Provisional p, String why) throws InterruptedException {
        DeviceState s0 = ctx.live().get();
        StepOutcome committed = HandlerSteps.run(
                ctx, Step.COMMIT, p.operationId(), p.version(), s0.slots().previousVersion(), null);
        if (committed instanceof StepOutcome.Failed f) {
            rollBackWith(p, HandlerSteps.error(f, DeviceErrorCodes.HANDLER_FAILED));
            return;
        }
        String now = ctx.now();
        ctx.live().update(s -> {
            long security =
                    s.slots().activeSecurityVersion() == null ? 0 : s.slots().activeSecurityVersion();
            return s.withSlots(s.slots().confirmed())
                    .withSecurityVersionAtLeast(security)
                    .withProvisional(null)
                    .audited(
                            now,
                            "health watch of " + p.version() + " " + why + "; committed (" + p.operationId() + ")");
        });
        LOG.info("health watch of {} ({}) {}; version committed", p.version(), p.operationId(), why);
        ctx.reached(STEP_COMMITTED);
    }

    private void rollBack(Provisional p, String failure) throws InterruptedException {
        rollBackWith(
                p,
                new ErrorInfo(
                        DeviceErrorCodes.HEALTH_CHECK_FAILED,
                        "version " + p.version() + " failed after install, during its health watch: " + failure));
    }

    /**
     * Back to the previous slot as an automatic rollback: the {@code rollback} handler first (a crash before the save
     * leaves the watch, so the next start checks again), then one save: previous slot and version, the update's
     * section {@code rolledBack} with its operation id, the restored version and {@code error}, the finished
     * operation's status, the failed health; then reported, then a reboot into the restored slot.
     */
    private void rollBackWith(Provisional p, ErrorInfo cause) throws InterruptedException {
        LOG.warn("rolling back {} of {} after install: {}", p.version(), p.operationId(), cause.message());
        DeviceState s0 = ctx.live().get();
        if (s0.slots().previousVersion() == null) {
            // Cannot happen through the agent (an update always keeps the version it replaced); never guess a slot.
            LOG.error("no previous version to roll {} back to; keeping it", p.version());
            record(false);
            ctx.live().update(s -> s.withProvisional(null));
            return;
        }
        ErrorInfo reported = cause;
        StepOutcome handled = HandlerSteps.run(
                ctx, Step.ROLLBACK, p.operationId(), p.version(), s0.slots().previousVersion(), null);
        if (handled instanceof StepOutcome.Failed f) {
            LOG.error("rollback handler failed for {}: {}", p.operationId(), f.reason());
            reported =
                    new ErrorInfo(cause.code(), cause.message() + "; the rollback handler failed too: " + f.reason());
        }
        ErrorInfo error = reported;
        String now = ctx.now();
        String rolledBack = FirmwareUpdateStatus.ROLLED_BACK.wireName();
        ctx.commit(
                s -> {
                    Slots slots = s.slots();
                    String restored = slots.previousVersion();
                    FirmwareUpdateReport prev = s.reports().get(Action.FIRMWARE_UPDATE);
                    FirmwareUpdateReport report = new FirmwareUpdateReport(
                            FirmwareUpdateStatus.ROLLED_BACK,
                            p.operationId(),
                            restored,
                            prev == null ? null : prev.fwPackageUri(),
                            prev == null ? null : prev.lastFirmwareUpdate(),
                            prev == null ? now : prev.startedAt(),
                            now,
                            error);
                    return s.withHealth(HealthReport.of(false, s.firmwareVersion(), now))
                            .withSlots(slots.rolledBack())
                            .withFirmwareVersion(restored)
                            .withProvisional(null)
                            .withReports(s.reports().with(report))
                            .finishedImmediately(
                                    new FinishedOperation(p.operationId(), Action.FIRMWARE_UPDATE, rolledBack, now));
                },
                s -> Patches.merge(
                        Patches.merge(
                                DmReported.firmwareVersionPatch(s.firmwareVersion()),
                                DmReported.sectionPatch(s.reports().get(Action.FIRMWARE_UPDATE))),
                        s.health().patch()));
        ctx.reached(STEP_ROLLED_BACK);
        String restored = ctx.live().get().firmwareVersion();
        StepOutcome.Failed rebootFailed = Reboots.reboot(
                ctx,
                p.operationId(),
                p.version(),
                restored,
                ctx.defaultRebootDelay(),
                () -> ctx.live().update(s -> s.booted(null)));
        if (rebootFailed != null) {
            LOG.error("reboot after rolling back {} failed: {}", p.operationId(), rebootFailed.reason());
        }
    }

    /**
     * At start-up, once recovery has run: resumes a watch the device was in (one last check if it ended while the
     * device was down), else, with no operation in progress, runs the self-test once the device is on the hub and
     * reports its health. A version found unhealthy here is reported, not rolled back: it was committed.
     */
    public void atStartup() throws InterruptedException {
        DeviceState s = ctx.live().get();
        if (s.current() != null) {
            return; // an update being recovered checks and reports for itself
        }
        if (s.provisional() != null) {
            watch();
            return;
        }
        long deadline = System.nanoTime() + ctx.updates().healthDeadline().toNanos();
        while (!ctx.power().isConnected() && System.nanoTime() < deadline) {
            if (ctx.stopping().get()) {
                return;
            }
            ctx.sleeper().sleep(POLL);
            if (ctx.live().get().current() != null) {
                return; // a request arrived first; its own steps report
            }
        }
        if (ctx.live().get().current() != null) {
            return;
        }
        String failure = failure(ctx.live().get().firmwareVersion(), false);
        if (failure != null) {
            LOG.warn("start-up self-test of {} failed: {}", ctx.live().get().firmwareVersion(), failure);
        }
        record(failure == null);
    }
}
