package dev.fleetops.core.rollout;

import java.util.List;

/**
 * What one reconciliation tick decided: the operation's new state, the executions that changed, the
 * devices to dispatch now (in order), and audit events with their numbers.
 */
public record TickPlan(Rollout rollout, List<DeviceExecution> changed, List<String> dispatch, List<String> events) {
    public TickPlan {
        changed = List.copyOf(changed);
        dispatch = List.copyOf(dispatch);
        events = List.copyOf(events);
    }
}
