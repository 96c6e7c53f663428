package dev.fleetops.core.identity;

import java.util.Objects;

/** What one function requires of its caller. */
public sealed interface AccessRule {

    /** No caller needed (the OpenAPI document). */
    record Anonymous() implements AccessRule {}

    /** The caller must hold {@code role} or a role that includes it. */
    record AtLeast(Role role) implements AccessRule {
        public AtLeast {
            Objects.requireNonNull(role, "'role' cannot be null.");
        }
    }

    /** Depends on the fleet operation concerned ({@link OperationScope}): its action, target kind and size. */
    record ByOperationScope() implements AccessRule {}

    /** A timer or queue-triggered function: it takes no HTTP requests, so no caller is ever allowed. */
    record NoHttp() implements AccessRule {}
}
