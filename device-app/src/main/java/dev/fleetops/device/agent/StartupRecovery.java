package dev.fleetops.device.agent;

import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.state.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link Recovery} plan for the operation found in progress at start-up, through the
 * handler of its action. Runs before the device connects; everything it persists is published by the first
 * re-sync. Work that needs the hub (a download, applying a staged package, a health check) is returned
 * for the caller to run on the action thread once connected.
 */
final class StartupRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);
    private final ActionContext ctx;
    private final ActionHandlers handlers;

    StartupRecovery(ActionContext ctx, ActionHandlers handlers) {
        this.ctx = ctx;
        this.handlers = handlers;
    }

    /** @return what continues on the action thread once connected, or null */
    ActionHandler.Resumption recover() {
        Operation op = ctx.live().get().current();
        RecoveryStep step = Recovery.plan(
                handlers,
                op,
                op != null && stagedVerified(op),
                ctx.live().get().slots().trial());
        if (step == RecoveryStep.NOTHING) {
            return null;
        }
        LOG.info("recovering {} {} (was {}): {}", op.action().methodName(), op.operationId(), op.status(), step);
        return handlers.of(op.action()).recover(ctx, step, op);
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
