package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.DeviceExecution;
import java.util.List;
import java.util.Map;

/**
 * Told what a save is about to store, by the store itself, once the save holds its operation and before it writes
 * anything else: the events of every outcome (core.event) are recorded here, so they are written with the decision
 * (a loser of the save's claim records none) and are never lost when the process dies after the save. If recording
 * throws, the save stops and the decision is not stored, as when a trail line cannot be written.
 */
@FunctionalInterface
public interface DecisionRecorder {
    /** Records nothing. */
    DecisionRecorder NONE = (id, rollout, before, changed, trail) -> {};

    /** Each of {@code recorders} in turn; the first that throws stops the save. */
    static DecisionRecorder all(DecisionRecorder... recorders) {
        List<DecisionRecorder> each = List.of(recorders);
        return (id, rollout, before, changed, trail) -> {
            for (DecisionRecorder r : each) {
                r.record(id, rollout, before, changed, trail);
            }
        };
    }

    /**
     * @param rollout the operation as it will be stored, or null for a trail line written on its own
     *                ({@link RolloutStore#audit})
     * @param before  the changed rows as they were, where the store knows them (a row missing from it is new, or was
     *                not read)
     */
    void record(
            String operationId,
            StoredRollout rollout,
            Map<String, DeviceExecution> before,
            List<DeviceExecution> changed,
            List<AuditEvent> trail);
}
