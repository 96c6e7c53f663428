package dev.fleetops.device.action;

import dev.fleetops.device.handler.Step;
import dev.fleetops.device.handler.StepOutcome;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reboot through the device's {@code reboot} handler, or the simulated one when the handler leaves it to the
 * agent. The caller has persisted what the next boot must know before calling: a real reboot ends this process,
 * and the next start resumes from the state file as it does after a crash.
 */
final class Reboots {
    private static final Logger LOG = LoggerFactory.getLogger(Reboots.class);

    private Reboots() {}

    /**
     * Reboots. Simulated: hub session closed, {@code delay}, {@code onBoot}, session reopened, then returns null.
     * Real: the handler exited 0, so this waits to be stopped by the shutdown and throws
     * {@link InterruptedException}; if the machine is still up after the reboot timeout, or the handler failed,
     * returns the failure.
     */
    static StepOutcome.Failed reboot(
            ActionContext ctx,
            String operationId,
            String version,
            String previousVersion,
            Duration delay,
            Runnable onBoot)
            throws InterruptedException {
        StepOutcome r = HandlerSteps.run(ctx, Step.REBOOT, operationId, version, previousVersion, null);
        if (r instanceof StepOutcome.Failed f) {
            return f;
        }
        if (r instanceof StepOutcome.Done) {
            return awaitShutdown(ctx);
        }
        ctx.power().off();
        ctx.sleeper().sleep(delay);
        onBoot.run();
        ctx.power().on();
        return null;
    }

    private static StepOutcome.Failed awaitShutdown(ActionContext ctx) throws InterruptedException {
        Duration limit = ctx.updates().handler().timeout(Step.REBOOT);
        LOG.info("reboot handler done; waiting up to {} s for the device to go down", limit.toSeconds());
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (ctx.stopping().get()) {
                throw new InterruptedException("the device is rebooting; the next start carries on");
            }
            Thread.sleep(100);
        }
        return new StepOutcome.Failed(
                true, "reboot handler exited 0 but the device was still running " + limit.toSeconds() + " s later");
    }
}
