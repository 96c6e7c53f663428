package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import java.util.List;
import java.util.Optional;

/**
 * Port: where fleet operations, their per-device executions and their audit trails live between
 * ticks. Nothing is kept only in memory. Implementations: Azure Table Storage (Azurite locally) and an
 * in-memory one for unit tests.
 */
public interface RolloutStore {
    /** How long an idempotency key names its request: after this, the key neither replays nor conflicts. */
    java.time.Duration IDEMPOTENCY_TTL = java.time.Duration.ofHours(24);

    /** Outcome of {@link #create}. */
    sealed interface CreateResult {
        record Created(StoredRollout rollout) implements CreateResult {}

        /** The idempotency key was used before with the same request: the earlier operation. */
        record Existing(StoredRollout rollout) implements CreateResult {}

        /** The idempotency key was used before with a different request. */
        record KeyConflict(String existingId) implements CreateResult {}
    }

    /**
     * Stores a new operation with its executions, atomically with respect to the idempotency key. A key claimed more than
     * {@link #IDEMPOTENCY_TTL} ago (by the store's clock) counts as unused.
     *
     * @param idempotencyKey caller's key, or null
     * @param requestHash    hash of the request body, compared when the key was seen before
     */
    CreateResult create(
            StoredRollout rollout, List<DeviceExecution> executions, String idempotencyKey, String requestHash);

    Optional<StoredRollout> get(String id);

    /** Newest first, at most {@code max}. */
    default List<StoredRollout> list(int max) {
        return list(max, r -> true);
    }

    /**
     * Newest first by creation time, then by id (both descending), at most {@code max} of those {@code keep}
     * accepts ({@link OperationQuery#keeps()}).
     */
    List<StoredRollout> list(int max, java.util.function.Predicate<StoredRollout> keep);

    /** Operations that are not in a terminal state (the timer's work list). */
    List<StoredRollout> active();

    /** Every execution of an operation. */
    List<DeviceExecution> executions(String id);

    /** A page of executions, optionally only those in {@code state}. */
    Page<DeviceExecution> executions(String id, ExecutionState state, String continuationToken, int pageSize);

    /**
     * Saves changed executions, then the operation, guarded by {@code rollout.etag()}.
     *
     * @return the operation with its new etag
     * @throws ConcurrentUpdateException if the operation changed since it was read
     */
    StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed);

    /**
     * {@link #save}, with the trail lines of the decision saved: they are written before the operation row, so a
     * decision is never stored without its lines. A failure between the two can leave lines of a decision that was
     * not stored; the next tick decides again and may write them again: the trail errs on the side of saying more.
     */
    default StoredRollout save(StoredRollout rollout, List<DeviceExecution> changed, List<AuditEvent> trail) {
        String id = rollout.rollout().id();
        trail.forEach(e -> audit(id, e));
        return save(rollout, changed);
    }

    void audit(String id, AuditEvent event);

    /** Oldest first. */
    List<AuditEvent> auditTrail(String id);
}
