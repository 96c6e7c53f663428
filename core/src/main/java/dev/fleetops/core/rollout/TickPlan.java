package dev.fleetops.core.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one reconciliation tick decided: the operation's new state, the executions that changed, the
 * dispatch intents for this tick (in order, within the tick's budget), and what happened.
 */
public record TickPlan(
        Rollout rollout, List<DeviceExecution> changed, List<DispatchIntent> intents, List<RolloutEvent> events) {
    public TickPlan {
        changed = List.copyOf(changed);
        intents = List.copyOf(intents);
        events = List.copyOf(events);
    }

    /** The devices to dispatch, in order. */
    public List<String> dispatch() {
        return intents.stream().map(DispatchIntent::deviceId).toList();
    }

    /** Everything to save before any call leaves: the changed executions, with each intent in place of its device's row. */
    public List<DeviceExecution> toSave() {
        Map<String, DeviceExecution> out = new LinkedHashMap<>();
        changed.forEach(e -> out.put(e.deviceId(), e));
        intents.forEach(i -> out.put(i.deviceId(), i.execution()));
        return new ArrayList<>(out.values());
    }
}
