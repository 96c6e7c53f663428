package dev.fleetops.core.rollout;

/** Where a fleet operation stands. Which state may follow which is {@link Transitions}' table; the last three are final. */
public enum RolloutState {
    /** Waiting for its start time (or its first maintenance window). */
    SCHEDULED,
    /** Dispatching and tracking devices. */
    RUNNING,
    /**
     * Stopped dispatching until an operator resumes (or a wave missed its success threshold). Stays paused
     * even when every device finished; the first tick after resume completes it.
     */
    PAUSED,
    /** Every targeted device reached a terminal state while running. */
    COMPLETED,
    /** An operator canceled it; unfinished devices were canceled. */
    CANCELED,
    /** An abort criterion tripped; the reason and numbers are recorded, queued devices were canceled. */
    ABORTED;

    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELED || this == ABORTED;
    }
}
