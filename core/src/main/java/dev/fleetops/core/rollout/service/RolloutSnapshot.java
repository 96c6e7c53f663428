package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.DeviceExecution;
import java.time.Instant;
import java.util.List;

/**
 * Everything stored about one rollout, read at one moment: what a report of it is made from
 * ({@code report.RolloutReport#render(RolloutSnapshot)}).
 *
 * @param at when it was read: the report's "now"
 */
public record RolloutSnapshot(
        StoredRollout stored, List<DeviceExecution> executions, List<AuditEvent> audit, Instant at) {

    public RolloutSnapshot {
        executions = List.copyOf(executions);
        audit = List.copyOf(audit);
    }
}
