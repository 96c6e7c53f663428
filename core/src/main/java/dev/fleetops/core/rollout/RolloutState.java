package dev.fleetops.core.rollout;

/** Where a fleet operation stands. Which state may follow which is {@link Transitions}' table; the last four are final. */
public enum RolloutState {
    /** Waiting for a second Admin's approval ({@link Approval}); nothing is dispatched, and it expires unapproved. */
    PENDING_APPROVAL,
    /**
     * A filter-targeted operation whose devices the timer has not selected yet: the fleet query runs in a tick,
     * not in the request that created it. Then scheduled, or aborted when the target cannot run (no device,
     * too many, a wave without a device).
     */
    RESOLVING,
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
    ABORTED,
    /** Never approved: an Admin rejected it, or its approval expired; it never dispatched anything. */
    REJECTED;

    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELED || this == ABORTED || this == REJECTED;
    }

    /** The API's name: camelCase ({@code pendingApproval}; the one-word states as before, e.g. {@code running}). */
    public String wireName() {
        String[] words = name().toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder out = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i], 1, words[i].length());
        }
        return out.toString();
    }
}
