package dev.fleetops.device.agent;

/** What to do at start-up with an operation that was in progress when the device went down. */
public enum RecoveryStep {
    /** No operation was in progress. */
    NOTHING,
    /** The device went down while rebooting: this start is the reboot, complete it. */
    COMPLETE_REBOOT,
    /** A reset was interrupted: run it again; every step is idempotent. */
    REDO_FACTORY_RESET,
    /** A download was interrupted; resuming is not supported, so it fails with {@code interrupted}. */
    FAIL_DOWNLOAD_INTERRUPTED,
    /** A verified package is staged: carry on applying it. */
    CONTINUE_APPLY,
    /** Applying was interrupted and the staged package is gone or damaged: fail with {@code interrupted}. */
    FAIL_APPLY_INTERRUPTED,
    /** The new version was recorded and the device was rebooting into it: complete the update. */
    COMPLETE_APPLY
}
