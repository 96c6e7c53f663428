package dev.fleetops.core.event;

import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.DecisionRecorder;
import dev.fleetops.core.rollout.service.StoredRollout;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records a save's events in the outbox ({@link OutcomeEvents}), called by the rollout store under the save's claim
 * and before it writes the device rows, so an outcome that is stored always has its event (transactional outbox).
 */
public final class EventRecorder implements DecisionRecorder {
    private final Outbox outbox;
    private final Clock clock;

    public EventRecorder(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void record(
            String operationId,
            StoredRollout rollout,
            Map<String, DeviceExecution> before,
            List<DeviceExecution> changed,
            List<AuditEvent> trail) {
        List<FleetEvent> events = OutcomeEvents.of(operationId, rollout, before, changed, trail);
        if (events.isEmpty()) {
            return;
        }
        java.time.Instant now = clock.instant();
        List<OutboxEntry> entries = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            entries.add(OutboxEntry.recorded(events.get(i), now, i));
        }
        outbox.record(operationId, entries);
    }
}
