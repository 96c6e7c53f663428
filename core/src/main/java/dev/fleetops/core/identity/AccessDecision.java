package dev.fleetops.core.identity;

import java.util.Objects;

/** The policy's answer for one caller and one function. */
public sealed interface AccessDecision {

    record Allowed() implements AccessDecision {}

    /**
     * Answer 403 problem+json naming {@code missingRole}.
     *
     * @param reason why that role is needed, for people (e.g. "a factory reset needs FleetOps.Admin")
     */
    record Forbidden(Role missingRole, String reason) implements AccessDecision {
        public Forbidden {
            Objects.requireNonNull(missingRole, "'missingRole' cannot be null.");
            Objects.requireNonNull(reason, "'reason' cannot be null.");
        }
    }

    /** The function is not an HTTP function of the table (a timer, or a name the table lacks): refuse, it is a bug. */
    record Unlisted(String function) implements AccessDecision {}
}
