package dev.fleetops.core.audit;

import java.util.Optional;

/**
 * What an audit record says about its action. An action that changes something is recorded twice: a {@link #PENDING}
 * intent before it is attempted, and one of the other outcomes, naming the intent, once it is known. A denial is
 * recorded once. An intent without an outcome means the outcome is unknown (the process stopped in between).
 */
public enum AuditOutcome {
    /** The intent: about to be attempted (written before anything changes). */
    PENDING("pending"),
    /** Carried out: its effect is in place (for a replay or a duplicate the earlier effect is; the detail says which). */
    SUCCEEDED("succeeded"),
    /** Not carried out: the request did not apply (not found, wrong state, key used for another body, the device said no). */
    REFUSED("refused"),
    /** Not carried out: something failed before it could take effect (the device was offline, the hub failed it). */
    FAILED("failed"),
    /** May or may not have taken effect (no answer in time, an error after the request left). */
    UNKNOWN("unknown"),
    /** Access was denied (401 or 403): nothing was attempted. */
    DENIED("denied");

    private final String wireName;

    AuditOutcome(String wireName) {
        this.wireName = wireName;
    }

    /** The API's and the table's name. */
    public String wireName() {
        return wireName;
    }

    public static Optional<AuditOutcome> fromWireName(String name) {
        for (AuditOutcome o : values()) {
            if (o.wireName.equals(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
