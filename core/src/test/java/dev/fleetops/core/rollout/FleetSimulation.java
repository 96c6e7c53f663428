package dev.fleetops.core.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives {@link RolloutEngine} the way the timer does, against scripted devices, so tests read as
 * scenarios. Not a mock of anything: it plays the hub and the devices the engine never sees.
 */
final class FleetSimulation {
    enum Behaviour {
        SUCCEED,
        FAIL,
        FAIL_ONCE,
        REJECT,
        SILENT,
        OFFLINE,
        THROTTLED,
        REMOVED
    }

    Rollout rollout;
    final Map<String, DeviceExecution> executions = new LinkedHashMap<>();
    final Map<String, Behaviour> behaviour = new HashMap<>();
    final Map<String, Integer> offlineUntilTick = new HashMap<>();
    final Map<String, Observation> reports = new HashMap<>();
    final List<String> dispatched = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    int tick;
    /** What the ticker read about a soaking wave, handed to the next tick (then cleared). */
    WaveChecks checks = WaveChecks.NONE;

    FleetSimulation(RolloutConfig config, int devices) {
        rollout = Rollout.scheduled("op-1", config, now);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            ids.add(String.format("dev-%03d", i));
        }
        WaveAssignment.assign(rollout.id(), ids, config.waves()).forEach((id, wave) -> {
            executions.put(id, DeviceExecution.queued(id, wave, now));
            behaviour.put(id, Behaviour.SUCCEED);
        });
    }

    List<String> wave(int w) {
        return executions.values().stream()
                .filter(e -> e.wave() == w)
                .map(DeviceExecution::deviceId)
                .toList();
    }

    /** One timer tick: decide, save, dispatch, then devices report (so the next tick sees it). */
    TickPlan step(Duration advance) {
        now = now.plus(advance);
        tick++;
        TickPlan plan = RolloutEngine.tick(
                rollout,
                Workset.of(executions, rollout.config().waves().waveCount()),
                Map.copyOf(reports),
                checks,
                Integer.MAX_VALUE,
                now);
        checks = WaveChecks.NONE;
        rollout = plan.rollout();
        plan.toSave().forEach(e -> executions.put(e.deviceId(), e));
        plan.events().forEach(e -> events.add(e.text()));
        for (DispatchIntent intent : plan.intents()) {
            String id = intent.deviceId();
            dispatched.add(id);
            DeviceExecution next = RolloutEngine.applyDispatch(intent, dispatchResult(id), rollout.config(), now);
            executions.put(id, next);
            if (next.state() == ExecutionState.IN_PROGRESS) {
                report(next);
            }
        }
        return plan;
    }

    void runUntilSettled(int maxTicks, Duration every) {
        for (int i = 0; i < maxTicks && !rollout.state().isTerminal() && rollout.state() != RolloutState.PAUSED; i++) {
            step(every);
        }
    }

    private DispatchResult dispatchResult(String id) {
        Behaviour b = behaviour.get(id);
        if (b == Behaviour.OFFLINE && tick < offlineUntilTick.getOrDefault(id, Integer.MAX_VALUE)) {
            return new DispatchResult.Offline();
        }
        return switch (b) {
            case REJECT -> new DispatchResult.Rejected("busy");
            case REMOVED -> new DispatchResult.Removed();
            case THROTTLED -> new DispatchResult.Throttled(Duration.ofSeconds(10));
            default -> new DispatchResult.Accepted();
        };
    }

    private void report(DeviceExecution e) {
        Behaviour b = behaviour.get(e.deviceId());
        ExecutionState outcome = switch (b) {
            case FAIL -> ExecutionState.FAILED;
            case FAIL_ONCE -> e.attempt() == 1 ? ExecutionState.FAILED : ExecutionState.SUCCEEDED;
            case SILENT -> ExecutionState.IN_PROGRESS;
            default -> ExecutionState.SUCCEEDED;
        };
        reports.put(
                e.deviceId(),
                new Observation(
                        e.attempt(),
                        outcome,
                        outcome == ExecutionState.SUCCEEDED
                                ? "applyComplete"
                                : outcome == ExecutionState.FAILED ? "downloadFailed" : "downloading",
                        null));
    }

    long count(ExecutionState s) {
        return executions.values().stream().filter(e -> e.state() == s).count();
    }
}
