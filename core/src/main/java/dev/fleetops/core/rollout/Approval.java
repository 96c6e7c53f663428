package dev.fleetops.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The second pair of eyes a rollout needs before it may run (docs/rollouts.md#two-person-approval): who asked and when,
 * until when it may be decided, and who decided what and when. Immutable; the operation carries it from creation.
 * Who may decide is checked where the decision is made ({@link RolloutCommands#approve}): never the requester.
 *
 * @param requestedById the creator's object id: the one principal that can never approve
 * @param requestedBy   the creator as people read it ({@code name (object id)})
 * @param decidedById   null while pending, and when it expired
 * @param comment       a rejecter's reason, or null
 */
public record Approval(
        String requestedById,
        String requestedBy,
        Instant requestedAt,
        Instant expiresAt,
        Status status,
        String decidedById,
        String decidedBy,
        Instant decidedAt,
        String comment) {
    /** The longest reason a rejecter may give. */
    public static final int MAX_COMMENT = 500;

    public enum Status {
        PENDING,
        APPROVED,
        REJECTED,
        EXPIRED,
        /** The operation was canceled while it waited. */
        WITHDRAWN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Approval {
        Objects.requireNonNull(requestedById, "'requestedById' cannot be null.");
        Objects.requireNonNull(requestedAt, "'requestedAt' cannot be null.");
        Objects.requireNonNull(expiresAt, "'expiresAt' cannot be null.");
        Objects.requireNonNull(status, "'status' cannot be null.");
        requestedBy = requestedBy == null ? requestedById : requestedBy;
    }

    public static Approval requested(String byId, String by, Instant at, Duration validFor) {
        return new Approval(byId, by, at, at.plus(validFor), Status.PENDING, null, null, null, null);
    }

    /** Whether {@code objectId} is the principal who asked (compared by object id, never by name). */
    public boolean requestedBy(String objectId) {
        return requestedById.equals(objectId);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    Approval approved(String byId, String by, Instant at) {
        return decided(Status.APPROVED, byId, by, at, null);
    }

    Approval rejected(String byId, String by, Instant at, String reason) {
        return decided(Status.REJECTED, byId, by, at, reason);
    }

    Approval withdrawn(String by, Instant at) {
        return decided(Status.WITHDRAWN, null, by, at, null);
    }

    Approval expired(Instant at) {
        return decided(Status.EXPIRED, null, null, at, null);
    }

    private Approval decided(Status next, String byId, String by, Instant at, String why) {
        if (status != Status.PENDING) {
            throw new IllegalStateException("the approval was decided already: " + status);
        }
        return new Approval(requestedById, requestedBy, requestedAt, expiresAt, next, byId, by, at, why);
    }
}
