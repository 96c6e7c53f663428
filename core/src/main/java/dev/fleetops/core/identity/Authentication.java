package dev.fleetops.core.identity;

import java.util.Objects;

/** Who made a request, or why nobody can be named. */
public sealed interface Authentication {

    record Authenticated(Principal principal) implements Authentication {
        public Authenticated {
            Objects.requireNonNull(principal, "'principal' cannot be null.");
        }
    }

    /**
     * @param detail safe to log and to return in a 401 problem (never contains header content)
     */
    record Unauthenticated(Reason reason, String detail) implements Authentication {
        public Unauthenticated {
            Objects.requireNonNull(reason, "'reason' cannot be null.");
            Objects.requireNonNull(detail, "'detail' cannot be null.");
        }
    }

    enum Reason {
        /** {@code entra} mode, and App Service injected no principal (authentication is off in front of the app, or the path is excluded). */
        NO_CLIENT_PRINCIPAL,
        /** The principal header could not be decoded. */
        INVALID_CLIENT_PRINCIPAL,
        /** The principal is not from Entra ID, or names no single object id. */
        UNUSABLE_CLIENT_PRINCIPAL,
        /** {@code key} mode, and the request carries no function key (only anonymous functions get such requests). */
        NO_FUNCTION_KEY
    }
}
