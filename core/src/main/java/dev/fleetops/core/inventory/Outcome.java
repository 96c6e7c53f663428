package dev.fleetops.core.inventory;

import dev.fleetops.contract.ActionStatus;

/** How an action status counts, for a fleet view that colours it: the status itself stays the device's word. */
public enum Outcome {
    /** The action has not reported yet on this device. */
    NONE("none"),
    /** Not final yet. */
    IN_PROGRESS("inProgress"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    /** A status this back-end's contract does not know (a newer device, or a malformed report). */
    UNKNOWN("unknown");

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @param status the known status, or null when the device reported one the contract does not know */
    static Outcome of(ActionStatus status) {
        if (status == null) {
            return UNKNOWN;
        }
        if (!status.isTerminal()) {
            return IN_PROGRESS;
        }
        return status.isFailure() ? FAILED : SUCCEEDED;
    }
}
