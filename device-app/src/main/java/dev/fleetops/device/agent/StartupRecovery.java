package dev.fleetops.device.agent;

import com.google.gson.JsonObject;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.action.FactoryResetAction;
import dev.fleetops.device.action.FirmwareUpdateAction;
import dev.fleetops.device.action.RebootAction;
import dev.fleetops.device.state.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link Recovery} plan for the operation found in progress at start-up. Runs before the
 * device connects; everything it persists is published by the first re-sync. Applying a staged package
 * is left to the caller, which runs it on the action thread once connected.
 */
final class StartupRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);
    private final ActionContext ctx;
    private final Supplier<JsonObject> lastReported;

    StartupRecovery(ActionContext ctx, Supplier<JsonObject> lastReported) {
        this.ctx = ctx;
        this.lastReported = lastReported;
    }

    RecoveryStep recover() {
        Operation op = ctx.live().get().current();
        RecoveryStep step = Recovery.plan(op, op != null && stagedVerified(op), ctx.live().get().slots().trial());
        if (step != RecoveryStep.NOTHING) {
            LOG.info("recovering {} {} (was {}): {}", op.method().methodName(), op.operationId(), op.status(), step);
        }
        FirmwareUpdateAction fw = new FirmwareUpdateAction(ctx);
        ErrorInfo interrupted = new ErrorInfo(FirmwareUpdateAction.INTERRUPTED,
                "the device restarted during " + (op == null ? "" : op.status()));
        switch (step) {
            case NOTHING, CONTINUE_APPLY, RESUME_DOWNLOAD, HEALTH_CHECK -> { }
            case COMPLETE_REBOOT -> new RebootAction(ctx).complete(false);
            case REDO_FACTORY_RESET -> new FactoryResetAction(ctx, lastReported).run(op);
            case FAIL_DOWNLOAD_INTERRUPTED -> fw.fail(FirmwareUpdateStatus.DOWNLOAD_FAILED, interrupted);
            case FAIL_APPLY_INTERRUPTED -> fw.fail(FirmwareUpdateStatus.APPLY_FAILED, interrupted);
            case COMPLETE_APPLY -> fw.complete();
        }
        return step;
    }

    private boolean stagedVerified(Operation op) {
        if (op.stagedFile() == null || op.sha256() == null) {
            return false;
        }
        Path file = ctx.stateDir().resolve(op.stagedFile());
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest()).equals(op.sha256());
        } catch (IOException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
