package dev.fleetops.core.rollout;

/** Where a fleet operation stands. */
public enum RolloutState {
    /** Waiting for its start time (or its first maintenance window). */
    SCHEDULED,
    /** Dispatching and tracking devices. */
    RUNNING,
    /** Stopped dispatching until an operator resumes (or a wave missed its success threshold). */
    PAUSED,
    /** Every targeted device reached a terminal state. */
    COMPLETED,
    /** An operator canceled it; queued devices were canceled. */
    CANCELED,
    /** An abort criterion tripped; the reason and numbers are recorded. */
    ABORTED;

    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELED || this == ABORTED;
    }
}
