package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.core.hub.DesiredWriter;
import dev.fleetops.core.hub.GoalRemoval;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.RolloutEngine;
import dev.fleetops.core.rollout.RolloutEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Takes the desired-property goals an operation left for offline devices back out of their twins, so that a
 * device coming back after a cancel, an abort, the deadline or the end of the operation does not act on them
 * (and a package URI with a SAS token does not stay in the twin). Which twins still hold a goal of this
 * operation is asked of the hub (the goal's operation id is an attempt id of the operation); each removal is
 * conditional on the twin's etag and on the goal still being this operation's. An operation keeps
 * {@link StoredRollout#goalsPending()} until every goal is gone, so failed removals are retried on later ticks.
 */
final class GoalSweeper {
    private static final int MAX_HOLDERS = RolloutService.MAX_DEVICES;

    private final TwinQueries queries;
    private final DesiredWriter desired;
    private final RolloutStore store;

    GoalSweeper(TwinQueries queries, DesiredWriter desired, RolloutStore store) {
        this.queries = queries;
        this.desired = desired;
        this.store = store;
    }

    /**
     * Which holders lose their goal now: every one once the operation is over; while it runs, only those whose
     * device just finished without success (canceled, failed, timed out, rejected, removed), since a queued
     * device still needs its goal and a device working on it reports through its attempt anyway.
     */
    static List<String> toRemove(boolean operationOver, Collection<String> holders, Set<String> justFinished) {
        return operationOver
                ? List.copyOf(holders)
                : holders.stream().filter(justFinished::contains).toList();
    }

    /** Devices that reached a final state other than success in {@code changed}. */
    static Set<String> finishedWithoutSuccess(Collection<DeviceExecution> changed) {
        Set<String> out = new java.util.HashSet<>();
        for (DeviceExecution e : changed) {
            if (e.state().isTerminal() && e.state() != ExecutionState.SUCCEEDED) {
                out.add(e.deviceId());
            }
        }
        return out;
    }

    /**
     * Removes what {@link #toRemove} says and saves {@code goalsPending = false} once an operation that is over has
     * no goal left. Hub failures leave the flag set (the next tick tries again) and never fail the tick.
     *
     * @return the operation as stored after the sweep
     */
    StoredRollout sweep(
            StoredRollout stored,
            Action<?, ?> action,
            Set<String> justFinished,
            Instant now,
            List<RolloutEvent> events) {
        String property = action.desiredGoal().orElse(null);
        if (property == null || !stored.goalsPending()) {
            return stored;
        }
        boolean over = stored.rollout().state().isTerminal();
        if (!over && justFinished.isEmpty()) {
            return stored;
        }
        String id = stored.rollout().id();
        List<String> holders = new ArrayList<>();
        for (JsonObject row : queries.query(DeviceProgress.goalHoldersQuery(id, property), MAX_HOLDERS)) {
            JsonElement d = row.get("deviceId");
            if (d != null && d.isJsonPrimitive()) {
                holders.add(d.getAsString());
            }
        }
        int removed = 0;
        int failed = 0;
        for (String deviceId : toRemove(over, holders, justFinished)) {
            GoalRemoval r = desired.removeGoal(deviceId, property, op -> RolloutEngine.attemptOf(id, op) >= 1);
            if (r instanceof GoalRemoval.Removed) {
                removed++;
            } else if (r instanceof GoalRemoval.Failed) {
                failed++;
            }
        }
        if (removed > 0 || failed > 0) {
            RolloutEvent ev = new RolloutEvent.GoalsRemoved(property, removed, failed);
            events.add(ev);
            store.audit(id, AuditEvent.of(now, RolloutTicker.ACTOR, ev));
        }
        if (over && failed == 0) {
            return store.save(stored.withGoalsPending(false), List.of());
        }
        return stored;
    }
}
