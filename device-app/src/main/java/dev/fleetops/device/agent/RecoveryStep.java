package dev.fleetops.device.agent;

/**
 * What to do at start-up with an operation that was in progress when the device went down. Each action's
 * {@link ActionHandler} picks one ({@link ActionHandler#plan}) and carries it out ({@link ActionHandler#recover}).
 */
public enum RecoveryStep {
    /** No operation was in progress. */
    NOTHING,
    /**
     * End the operation in its action's failure status with code {@code interrupted}: what an action does
     * when it has no better way back ({@link ActionHandler#plan}'s default).
     */
    FAIL_INTERRUPTED,
    /** The device went down while rebooting: this start is the reboot, complete it. */
    COMPLETE_REBOOT,
    /** A reset was interrupted: run it again; every step is idempotent. */
    REDO_FACTORY_RESET,
    /** A download was interrupted and its URI is not known (older state file): fail with {@code interrupted}. */
    FAIL_DOWNLOAD_INTERRUPTED,
    /** A download was interrupted: resume it from the partial file once connected. */
    RESUME_DOWNLOAD,
    /** A verified package is staged: carry on applying it. */
    CONTINUE_APPLY,
    /** Applying was interrupted and the staged package is gone or damaged: fail with {@code interrupted}. */
    FAIL_APPLY_INTERRUPTED,
    /** The new version was recorded without A/B slots (older state file): complete the update. */
    COMPLETE_APPLY,
    /** The device booted into a slot on trial: run its health check (or roll back a boot loop) once connected. */
    HEALTH_CHECK
}
