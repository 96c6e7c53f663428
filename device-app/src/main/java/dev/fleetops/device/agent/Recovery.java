package dev.fleetops.device.agent;

import dev.fleetops.contract.FirmwareUpdateStatus;
import dev.fleetops.contract.Wire;
import dev.fleetops.device.state.Operation;

/** Decides, without side effects, how to resume or end an operation found in progress at start-up. */
public final class Recovery {
    private Recovery() {
    }

    /**
     * @param current        the persisted current operation, or null
     * @param stagedVerified whether the operation's staged package exists and matches its SHA-256
     * @param onTrial        whether the running slot is on trial (switched to, not yet confirmed)
     */
    public static RecoveryStep plan(Operation current, boolean stagedVerified, boolean onTrial) {
        if (current == null) {
            return RecoveryStep.NOTHING;
        }
        return switch (current.method()) {
            case REBOOT -> RecoveryStep.COMPLETE_REBOOT;
            case FACTORY_RESET -> RecoveryStep.REDO_FACTORY_RESET;
            case FIRMWARE_UPDATE -> firmware(current, stagedVerified, onTrial);
        };
    }

    /** The pre-A/B signature: no slot is on trial. */
    public static RecoveryStep plan(Operation current, boolean stagedVerified) {
        return plan(current, stagedVerified, false);
    }

    private static RecoveryStep firmware(Operation op, boolean stagedVerified, boolean onTrial) {
        FirmwareUpdateStatus status = Wire.parse(FirmwareUpdateStatus.class, op.status()).orElse(null);
        if (status == null) {
            return RecoveryStep.FAIL_APPLY_INTERRUPTED;
        }
        return switch (status) {
            case WAITING, DOWNLOADING -> op.downloadUri() != null ? RecoveryStep.RESUME_DOWNLOAD
                    : RecoveryStep.FAIL_DOWNLOAD_INTERRUPTED;
            // Verifying the manifest signature comes before the download and is simply done again.
            case VERIFYING -> op.stagedFile() == null && op.downloadUri() != null ? RecoveryStep.RESUME_DOWNLOAD
                    : stagedVerified ? RecoveryStep.CONTINUE_APPLY : RecoveryStep.FAIL_APPLY_INTERRUPTED;
            case DOWNLOAD_COMPLETE, APPLYING ->
                    stagedVerified ? RecoveryStep.CONTINUE_APPLY : RecoveryStep.FAIL_APPLY_INTERRUPTED;
            case REBOOTING -> onTrial ? RecoveryStep.HEALTH_CHECK : RecoveryStep.COMPLETE_APPLY;
            // A terminal status is saved together with clearing the operation, so these cannot be
            // current; if a hand-edited file says so anyway, end it rather than guess.
            case DOWNLOAD_FAILED, VERIFY_FAILED, APPLY_FAILED, APPLY_COMPLETE, CURRENT, ROLLED_BACK ->
                    RecoveryStep.FAIL_APPLY_INTERRUPTED;
        };
    }
}
