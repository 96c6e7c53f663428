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

    // ---- what a tick reads: the rows that can change now, never the whole operation (docs/performance.md, "Ticks")

    /** The rows of those of {@code deviceIds} that the operation has (any order). */
    default List<DeviceExecution> executions(String id, java.util.Collection<String> deviceIds) {
        java.util.Set<String> wanted = java.util.Set.copyOf(deviceIds);
        return executions(id).stream()
                .filter(e -> wanted.contains(e.deviceId()))
                .toList();
    }

    /**
     * At most {@code limit} queued devices of waves up to {@code maxWave} that may be sent at {@code dueBy} (no next
     * try set, or one at or before it), lower waves first, then those waiting longest, then by device id. A store that
     * reads them from several partitions may return them in its own order within a wave.
     */
    default List<DeviceExecution> queued(String id, int maxWave, java.time.Instant dueBy, int limit) {
        return executions(id).stream()
                .filter(e -> e.state() == ExecutionState.QUEUED
                        && e.wave() <= maxWave
                        && dev.fleetops.core.rollout.RolloutEngine.isDue(e, dueBy))
                .sorted(dev.fleetops.core.rollout.RolloutEngine.DISPATCH_ORDER)
                .limit(limit)
                .toList();
    }

    /** At most {@code limit} devices in progress that were dispatched at or before {@code dispatchedBy}, oldest first. */
    default List<DeviceExecution> inProgress(String id, java.time.Instant dispatchedBy, int limit) {
        return executions(id).stream()
                .filter(e -> e.state() == ExecutionState.IN_PROGRESS
                        && (e.dispatchedAt() == null || !e.dispatchedAt().isAfter(dispatchedBy)))
                .sorted(java.util.Comparator.comparing((DeviceExecution e) ->
                                e.dispatchedAt() == null ? java.time.Instant.MIN : e.dispatchedAt())
                        .thenComparing(DeviceExecution::deviceId))
                .limit(limit)
                .toList();
    }

    /**
     * {@link #save(StoredRollout, List, List)} when the caller read the changed rows: {@code before} holds them as
     * read (a changed row missing from it is new). A store that keeps the rows indexed by state uses it to move their
     * index entries instead of reading the rows again.
     */
    default StoredRollout save(
            StoredRollout rollout,
            java.util.Map<String, DeviceExecution> before,
            List<DeviceExecution> changed,
            List<AuditEvent> trail) {
        return save(rollout, changed, trail);
    }

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

    // ---- answers of queue-triggered dispatch workers, waiting for the operation's next tick (DispatchWorker)

    /** Keeps answers for the operation's next tick; an answer kept again (a message run twice) replaces the first. */
    void appendAnswers(String id, List<DispatchAnswer> answers);

    /** At most {@code limit} kept answers of the operation, in no particular order. */
    List<DispatchAnswer> answers(String id, int limit);

    /** Forgets answers a tick took (saved, or found stale). */
    void removeAnswers(String id, List<DispatchAnswer> answers);

    /** Oldest first. */
    List<AuditEvent> auditTrail(String id);
}
