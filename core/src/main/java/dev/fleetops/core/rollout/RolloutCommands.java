package dev.fleetops.core.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Operator commands (pause, resume, cancel, cancel one device, retry failed) as pure transitions. */
public final class RolloutCommands {
    private RolloutCommands() {
    }

    public static CommandResult pause(Rollout r, Instant now, String who) {
        if (r.state() != RolloutState.RUNNING && r.state() != RolloutState.SCHEDULED) {
            return refused("pause", r);
        }
        Rollout next = r.with(RolloutState.PAUSED, r.openWave(), now, "paused by " + who);
        return applied(next, List.of(), next.reason());
    }

    /**
     * Resumes a paused operation. When it was paused because a wave missed its success threshold, the
     * operator's resume is the decision to go on, so the next wave opens.
     */
    public static CommandResult resume(Rollout r, Map<String, DeviceExecution> devices, Instant now, String who) {
        if (r.state() != RolloutState.PAUSED) {
            return refused("resume", r);
        }
        int wave = r.openWave();
        boolean waveDone = devices.values().stream().filter(e -> e.wave() == wave).allMatch(e -> e.state().isTerminal());
        int open = waveDone ? Math.min(wave + 1, r.config().waves().waveCount() - 1) : wave;
        Rollout next = r.with(RolloutState.RUNNING, open, now, null);
        return applied(next, List.of(), "resumed by " + who + (open != wave ? "; wave " + open + " opened" : ""));
    }

    public static CommandResult cancel(Rollout r, Map<String, DeviceExecution> devices, Instant now, String who) {
        if (r.state().isTerminal()) {
            return refused("cancel", r);
        }
        List<DeviceExecution> changed = new ArrayList<>();
        for (DeviceExecution e : devices.values()) {
            if (!e.state().isTerminal()) {
                changed.add(e.to(ExecutionState.CANCELED, now, "operation canceled", null));
            }
        }
        Rollout next = r.with(RolloutState.CANCELED, r.openWave(), now, "canceled by " + who);
        return applied(next, changed, next.reason() + " (" + changed.size() + " devices not finished)");
    }

    public static CommandResult cancelDevice(Rollout r, DeviceExecution e, Instant now, String who) {
        if (r.state().isTerminal()) {
            return refused("cancel a device of", r);
        }
        if (e.state().isTerminal()) {
            return new CommandResult.Refused("device " + e.deviceId() + " already finished as " + e.state());
        }
        DeviceExecution next = e.to(ExecutionState.CANCELED, now, "canceled by " + who, null);
        return applied(r.with(r.state(), r.openWave(), now, r.reason()), List.of(next), "device " + e.deviceId() + " canceled by " + who);
    }

    /** Queues failed and timed-out devices again (each gets a new attempt id) and runs the operation. */
    public static CommandResult retryFailed(Rollout r, Map<String, DeviceExecution> devices, Instant now, String who) {
        if (r.state() == RolloutState.CANCELED) {
            return refused("retry", r);
        }
        List<DeviceExecution> changed = new ArrayList<>();
        for (DeviceExecution e : devices.values()) {
            if (e.state() == ExecutionState.FAILED || e.state() == ExecutionState.TIMED_OUT) {
                changed.add(e.requeued(null, now, false, "retry requested", e.error()));
            }
        }
        if (changed.isEmpty()) {
            return new CommandResult.Refused("no failed or timed-out devices to retry");
        }
        Rollout next = r.with(RolloutState.RUNNING, r.openWave(), now, null);
        return applied(next, changed, changed.size() + " failed devices queued again by " + who);
    }

    private static CommandResult applied(Rollout r, List<DeviceExecution> changed, String event) {
        return new CommandResult.Applied(new TickPlan(r, changed, List.of(), List.of(event)));
    }

    private static CommandResult refused(String what, Rollout r) {
        return new CommandResult.Refused("cannot " + what + " an operation that is " + r.state().name().toLowerCase(java.util.Locale.ROOT));
    }
}
