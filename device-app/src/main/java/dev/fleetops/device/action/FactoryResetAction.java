package dev.fleetops.device.action;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.DeviceErrorCodes;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FactoryResetReport;
import dev.fleetops.contract.FactoryResetStatus;
import dev.fleetops.device.handler.Step;
import dev.fleetops.device.handler.StepOutcome;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The factory-reset step machine: {@code inProgress} (reported) → wipe local state (settings, staged
 * downloads, both A/B slots, firmware back to the factory version in slot a; identity, boot count, operation history and audit
 * survive so duplicates stay idempotent) → null the reported settings the device owns → {@code completed}.
 * The {@code factory-reset} handler runs first. Every step is idempotent, so recovery simply runs it again.
 */
public final class FactoryResetAction {
    private final ActionContext ctx;

    public FactoryResetAction(ActionContext ctx) {
        this.ctx = ctx;
    }

    /** Runs a reset already persisted as the current operation in status {@code inProgress}. */
    public void run(Operation op) throws InterruptedException {
        ctx.commit(
                s -> s.withReports(s.reports().with(report(s, op, FactoryResetStatus.IN_PROGRESS, null))),
                s -> DmReported.sectionPatch(s.reports().get(Action.FACTORY_RESET)));
        // The device's own wipe first (its data partition, its config); the agent's state follows only if it worked.
        StepOutcome wiped = HandlerSteps.run(ctx, Step.FACTORY_RESET, op.operationId(), null, null, null);
        if (wiped instanceof StepOutcome.Failed f) {
            ErrorInfo error = HandlerSteps.error(f, DeviceErrorCodes.HANDLER_FAILED);
            String now = ctx.now();
            ctx.commit(
                    s -> {
                        Operation failed = s.current()
                                .step(FactoryResetStatus.FAILED.wireName(), now)
                                .withError(error);
                        DeviceState withOp = s.withCurrent(failed);
                        return withOp.withReports(
                                        withOp.reports().with(report(withOp, failed, FactoryResetStatus.FAILED, null)))
                                .finish(FactoryResetStatus.FAILED.wireName(), now);
                    },
                    s -> DmReported.sectionPatch(s.reports().get(Action.FACTORY_RESET)));
            return;
        }
        wipeDownloads(ctx.stateDir().resolve(FirmwareUpdateAction.DOWNLOADS));
        for (String slot : new String[] {"a", "b"}) {
            wipeDownloads(SlotFiles.slot(ctx.stateDir(), slot)); // back to the factory image: no installed updates
        }
        ctx.live()
                .update(s -> s.withSettings(Map.of())
                        .withFirmwareVersion(ctx.factoryVersion())
                        .withSlots(dev.fleetops.device.state.Slots.INITIAL)
                        .withProvisional(null)
                        .withHealth(null) // nulled in the twin below with the other settings the device owns
                        .withClearReportedPending(true)
                        .audited(ctx.now(), "local state wiped (" + op.operationId() + ")"));
        clearReportedSettings(ctx, ctx.lastReported().get());
        String now = ctx.now();
        ctx.commit(
                s -> {
                    Operation done = s.current().step(FactoryResetStatus.COMPLETED.wireName(), now);
                    DeviceState withOp = s.withCurrent(done);
                    return withOp.withReports(
                                    withOp.reports().with(report(withOp, done, FactoryResetStatus.COMPLETED, now)))
                            .finish(FactoryResetStatus.COMPLETED.wireName(), now);
                },
                s -> Patches.merge(
                        DmReported.firmwareVersionPatch(s.firmwareVersion()),
                        DmReported.sectionPatch(s.reports().get(Action.FACTORY_RESET))));
    }

    /**
     * Nulls the reported settings if a reset left that pending; called again after every (re)connect
     * until the hub has accepted it.
     *
     * @param reported the reported twin as last read, or null if it has not been read since start-up
     *                 (then nothing can be known to be clear, and the work stays pending)
     */
    public static void clearReportedSettings(ActionContext ctx, JsonObject reported) {
        if (!ctx.live().get().clearReportedPending() || reported == null) {
            return;
        }
        JsonObject patch = Patches.clearOwnedSettings(reported);
        if (patch == null || ctx.reporter().send(patch)) {
            ctx.live().update(s -> s.withClearReportedPending(false));
        }
    }

    public static FactoryResetReport report(
            DeviceState s, Operation op, FactoryResetStatus status, String completedAt) {
        FactoryResetReport prev = s.reports().get(Action.FACTORY_RESET);
        String last = completedAt != null ? completedAt : prev == null ? null : prev.lastFactoryReset();
        return new FactoryResetReport(status, op.operationId(), last, op.startedAt(), op.updatedAt(), op.error());
    }

    private static void wipeDownloads(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + dir, e);
        }
    }
}
