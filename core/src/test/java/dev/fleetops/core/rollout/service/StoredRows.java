package dev.fleetops.core.rollout.service;

import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutState;
import java.time.Instant;

/**
 * Rows as a store would hold them after some later decision, for store tests: built with
 * {@code restore}, because a store test checks what is saved and read back, not how a state was reached.
 */
public final class StoredRows {
    private StoredRows() {}

    public static DeviceExecution as(
            DeviceExecution e, ExecutionState state, Instant at, String detail, ErrorInfo error) {
        return DeviceExecution.restore(
                e.deviceId(), e.wave(), state, e.attempt(), e.notBefore(), e.dispatchedAt(), at, detail, error);
    }

    public static Rollout as(Rollout r, RolloutState state, int openWave, Instant at, String reason) {
        return Rollout.restore(r.id(), state, r.config(), openWave, r.createdAt(), at, reason);
    }
}
