package dev.fleetops.device.agent;

import dev.fleetops.device.state.Operation;

/** Decides, without side effects, how to resume or end an operation found in progress at start-up. */
public final class Recovery {
    private Recovery() {}

    /**
     * @param current        the persisted current operation, or null
     * @param stagedVerified whether the operation's staged package exists and matches its SHA-256
     * @param onTrial        whether the running slot is on trial (switched to, not yet confirmed)
     */
    public static RecoveryStep plan(Operation current, boolean stagedVerified, boolean onTrial) {
        return plan(ActionHandlers.STANDARD, current, stagedVerified, onTrial);
    }

    /** The pre-A/B signature: no slot is on trial. */
    public static RecoveryStep plan(Operation current, boolean stagedVerified) {
        return plan(current, stagedVerified, false);
    }

    /** As {@link #plan(Operation, boolean, boolean)}, asking the handler of the operation's action among {@code handlers}. */
    public static RecoveryStep plan(
            ActionHandlers handlers, Operation current, boolean stagedVerified, boolean onTrial) {
        if (current == null) {
            return RecoveryStep.NOTHING;
        }
        return handlers.of(current.action()).plan(current, stagedVerified, onTrial);
    }
}
