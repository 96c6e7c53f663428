package dev.fleetops.device.action;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.RebootReport;
import dev.fleetops.contract.RebootStatus;
import dev.fleetops.device.handler.StepOutcome;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import java.time.Duration;

/**
 * The reboot step machine: {@code rebooting} (reported) → the {@code reboot} handler, or the simulated reboot
 * (power off → wait → boot, which persists {@code completed} with the new boot count and {@code lastReboot} →
 * power on, whose re-publish reports the completion). After a real reboot the next start completes it
 * ({@code COMPLETE_REBOOT}); a failed handler ends it {@code failed}.
 */
public final class RebootAction {
    private final ActionContext ctx;

    public RebootAction(ActionContext ctx) {
        this.ctx = ctx;
    }

    /** Runs a reboot already persisted as the current operation in status {@code rebooting}. */
    public void run(Operation op) throws InterruptedException {
        ctx.commit(
                s -> s.withReports(s.reports().with(report(s, op, RebootStatus.REBOOTING))),
                s -> DmReported.sectionPatch(s.reports().get(Action.REBOOT)));
        Duration delay = op.delaySeconds() != null ? Duration.ofSeconds(op.delaySeconds()) : ctx.defaultRebootDelay();
        StepOutcome.Failed failed = Reboots.reboot(ctx, op.operationId(), null, null, delay, () -> complete(true));
        if (failed != null) {
            ErrorInfo error = HandlerSteps.error(failed, DeviceErrorCodes.HANDLER_FAILED);
            String now = ctx.now();
            ctx.commit(
                    s -> {
                        Operation f = s.current()
                                .step(RebootStatus.FAILED.wireName(), now)
                                .withError(error);
                        DeviceState withOp = s.withCurrent(f);
                        return withOp.withReports(withOp.reports().with(report(withOp, f, RebootStatus.FAILED)))
                                .finish(RebootStatus.FAILED.wireName(), now);
                    },
                    s -> DmReported.sectionPatch(s.reports().get(Action.REBOOT)));
        }
    }

    /**
     * Persists the current reboot operation as completed.
     *
     * @param countBoot false when the boot was already counted (a real process start during recovery)
     */
    public DeviceState complete(boolean countBoot) {
        String now = ctx.now();
        return ctx.live().update(s -> {
            DeviceState booted = countBoot ? s.booted(now) : s.withLastReboot(now);
            Operation done = booted.current().step(RebootStatus.COMPLETED.wireName(), now);
            DeviceState withOp = booted.withCurrent(done);
            return withOp.withReports(withOp.reports().with(report(withOp, done, RebootStatus.COMPLETED)))
                    .finish(RebootStatus.COMPLETED.wireName(), now);
        });
    }

    public static RebootReport report(DeviceState s, Operation op, RebootStatus status) {
        return new RebootReport(
                status, op.operationId(), s.lastReboot(), s.bootCount(), op.startedAt(), op.updatedAt(), op.error());
    }
}
