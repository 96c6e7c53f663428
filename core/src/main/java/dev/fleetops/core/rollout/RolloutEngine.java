package dev.fleetops.core.rollout;

import dev.fleetops.contract.ErrorInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rollout decisions, as pure functions: given an operation, its device executions, what the
 * twins report and the time, decide the next state. Nothing here does I/O; the timer function loads,
 * calls {@link #tick} and saves, so every decision is unit-tested directly and a repeated tick over
 * the same inputs decides the same thing.
 *
 * <p>Order inside a tick: start (scheduled → running), absorb device reports, time out silent
 * devices, expire queued devices past the deadline, check abort criteria, advance or pause waves,
 * complete, then pick devices to dispatch within the rate and the maintenance window.
 */
public final class RolloutEngine {
    static final Duration OFFLINE_RETRY_MIN = Duration.ofSeconds(15);
    static final Duration OFFLINE_RETRY_MAX = Duration.ofMinutes(5);

    private RolloutEngine() {
    }

    public static TickPlan tick(Rollout rollout, Map<String, DeviceExecution> executions, Map<String, Observation> observations,
                                Instant now) {
        Map<String, DeviceExecution> devices = new LinkedHashMap<>(executions);
        Map<String, DeviceExecution> changed = new LinkedHashMap<>();
        List<String> events = new ArrayList<>();
        RolloutConfig cfg = rollout.config();
        Rollout r = rollout;
        if (r.state().isTerminal()) {
            return new TickPlan(r, List.of(), List.of(), List.of());
        }
        if (r.state() == RolloutState.SCHEDULED && (cfg.startAt() == null || !now.isBefore(cfg.startAt()))) {
            r = r.with(RolloutState.RUNNING, r.openWave(), now, null);
            events.add("started");
        }
        absorbReports(devices, changed, observations, cfg, now);
        timeOutSilentDevices(devices, changed, cfg, now);
        expireAtDeadline(devices, changed, cfg, now);
        Counts all = Counts.of(devices.values());
        if (r.state() == RolloutState.RUNNING) {
            for (AbortCriterion c : cfg.abort()) {
                Optional<String> tripped = c.evaluate(all);
                if (tripped.isPresent()) {
                    r = r.with(RolloutState.ABORTED, r.openWave(), now, "aborted: " + tripped.get());
                    events.add(r.reason());
                    cancelQueued(devices, changed, now, "operation aborted");
                    return new TickPlan(r, List.copyOf(changed.values()), List.of(), events);
                }
            }
            r = advanceWaves(r, devices, events, now);
        }
        if (!devices.isEmpty() && Counts.of(devices.values()).terminal() == devices.size()) {
            r = r.with(RolloutState.COMPLETED, r.openWave(), now, null);
            events.add("completed: " + summary(Counts.of(devices.values())));
            return new TickPlan(r, List.copyOf(changed.values()), List.of(), events);
        }
        List<String> dispatch = r.state() == RolloutState.RUNNING ? pickDispatch(r, devices, now) : List.of();
        return new TickPlan(r, List.copyOf(changed.values()), dispatch, events);
    }

    /**
     * The operation id sent to a device for one attempt. Each retry needs a new id, because devices
     * treat a repeated id as a duplicate and do not run it again.
     */
    public static String attemptOperationId(String rolloutId, int attempt) {
        return rolloutId + ".a" + attempt;
    }

    /** The attempt number in an operation id made by {@link #attemptOperationId}, or -1 if it is not this rollout's. */
    public static int attemptOf(String rolloutId, String operationId) {
        String prefix = rolloutId + ".a";
        if (operationId == null || !operationId.startsWith(prefix)) {
            return -1;
        }
        try {
            return Integer.parseInt(operationId.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Applies the result of sending the request to one device. */
    public static DeviceExecution applyDispatch(DeviceExecution e, DispatchResult result, RolloutConfig cfg, Instant now) {
        if (result instanceof DispatchResult.Accepted || result instanceof DispatchResult.NoAnswer) {
            return e.started(now, true);
        }
        if (result instanceof DispatchResult.AlreadyDone) {
            return e.started(now, true).to(ExecutionState.SUCCEEDED, now, "already done", null);
        }
        if (result instanceof DispatchResult.Rejected rejected) {
            return e.to(ExecutionState.REJECTED, now, "rejected", new ErrorInfo("rejected", rejected.message()));
        }
        if (result instanceof DispatchResult.Offline) {
            Duration wait = offlineBackoff(e);
            return e.requeued(now.plus(wait), now, false, "offline", new ErrorInfo("deviceOffline", "device offline; retrying"));
        }
        if (result instanceof DispatchResult.Throttled t) {
            return e.requeued(now.plus(t.retryAfter()), now, false, "throttled", null);
        }
        DispatchResult.Error error = (DispatchResult.Error) result;
        int attempts = e.attempt() + 1;
        ErrorInfo info = new ErrorInfo("dispatchFailed", error.message());
        if (cfg.retry().retries(ExecutionState.FAILED, attempts)) {
            return e.requeued(now.plus(cfg.retry().backoff(attempts)), now, true, "dispatch failed", info);
        }
        return e.requeued(null, now, true, "dispatch failed", info).to(ExecutionState.FAILED, now, "dispatch failed", info);
    }

    private static Duration offlineBackoff(DeviceExecution e) {
        // Offline tries do not count as attempts; space them by how long the device has been queued.
        Duration sinceUpdate = e.notBefore() == null ? Duration.ZERO : Duration.between(e.updatedAt(), e.notBefore());
        Duration next = sinceUpdate.isZero() ? OFFLINE_RETRY_MIN : sinceUpdate.multipliedBy(2);
        return next.compareTo(OFFLINE_RETRY_MAX) > 0 ? OFFLINE_RETRY_MAX : next;
    }

    private static void absorbReports(Map<String, DeviceExecution> devices, Map<String, DeviceExecution> changed,
                                      Map<String, Observation> observations, RolloutConfig cfg, Instant now) {
        for (Map.Entry<String, Observation> o : observations.entrySet()) {
            DeviceExecution e = devices.get(o.getKey());
            Observation obs = o.getValue();
            if (e != null && e.state() == ExecutionState.QUEUED && obs.attempt() == e.attempt() + 1) {
                // The device acted on the desired-property goal set while it was offline, before a
                // direct method reached it: that attempt is in flight now.
                e = e.started(now, true);
                devices.put(e.deviceId(), e);
                changed.put(e.deviceId(), e);
            }
            // Only reports about the attempt in flight count: after a retry the twin still shows the old one.
            if (e == null || e.state() != ExecutionState.IN_PROGRESS || obs.attempt() != e.attempt()) {
                continue;
            }
            DeviceExecution next = switch (obs.outcome()) {
                case SUCCEEDED -> e.to(ExecutionState.SUCCEEDED, now, obs.status(), null);
                case FAILED -> finishFailed(e, ExecutionState.FAILED, cfg, now, obs.status(), obs.error());
                default -> !obs.status().equals(e.lastDetail())
                        ? e.to(ExecutionState.IN_PROGRESS, now, obs.status(), null) : null;
            };
            put(devices, changed, next);
        }
    }

    private static void timeOutSilentDevices(Map<String, DeviceExecution> devices, Map<String, DeviceExecution> changed,
                                             RolloutConfig cfg, Instant now) {
        for (DeviceExecution e : List.copyOf(devices.values())) {
            if (e.state() == ExecutionState.IN_PROGRESS && e.dispatchedAt() != null
                    && !now.isBefore(e.dispatchedAt().plus(cfg.perDeviceTimeout()))) {
                put(devices, changed, finishFailed(e, ExecutionState.TIMED_OUT, cfg, now, "timed out",
                        new ErrorInfo("timedOut", "no terminal report within " + cfg.perDeviceTimeout())));
            }
        }
    }

    private static void expireAtDeadline(Map<String, DeviceExecution> devices, Map<String, DeviceExecution> changed,
                                         RolloutConfig cfg, Instant now) {
        if (cfg.deadline() == null || now.isBefore(cfg.deadline())) {
            return;
        }
        for (DeviceExecution e : List.copyOf(devices.values())) {
            if (e.state() == ExecutionState.QUEUED) {
                put(devices, changed, e.to(ExecutionState.TIMED_OUT, now, "deadline passed",
                        e.error() != null ? e.error() : new ErrorInfo("deadline", "not dispatched before the operation's deadline")));
            }
        }
    }

    /** A failure or timeout: back to the queue if the retry policy allows, else final. */
    private static DeviceExecution finishFailed(DeviceExecution e, ExecutionState outcome, RolloutConfig cfg, Instant now,
                                                String detail, ErrorInfo error) {
        if (cfg.retry().retries(outcome, e.attempt())) {
            return e.requeued(now.plus(cfg.retry().backoff(e.attempt())), now, false, detail + "; retrying", error);
        }
        return e.to(outcome, now, detail, error);
    }

    /** Opens the next wave when the open one met its success threshold; pauses when it finished below it. */
    private static Rollout advanceWaves(Rollout r, Map<String, DeviceExecution> devices, List<String> events, Instant now) {
        int lastWave = r.config().waves().waveCount() - 1;
        while (r.openWave() < lastWave) {
            int w = r.openWave();
            List<DeviceExecution> wave = devices.values().stream().filter(e -> e.wave() == w).toList();
            Counts c = Counts.of(wave);
            double successPercent = wave.isEmpty() ? 100 : 100.0 * c.get(ExecutionState.SUCCEEDED) / wave.size();
            if (successPercent >= r.config().successThresholdPercent()) {
                r = r.with(r.state(), w + 1, now, null);
                events.add(String.format(java.util.Locale.ROOT, "wave %d opened: wave %d reached %.1f%% success (threshold %.1f%%)",
                        w + 1, w, successPercent, r.config().successThresholdPercent()));
            } else if (c.terminal() == wave.size()) {
                String why = String.format(java.util.Locale.ROOT, "paused: wave %d finished with %.1f%% success, below the %.1f%% threshold",
                        w, successPercent, r.config().successThresholdPercent());
                events.add(why);
                return r.with(RolloutState.PAUSED, w, now, why);
            } else {
                break;
            }
        }
        return r;
    }

    private static List<String> pickDispatch(Rollout r, Map<String, DeviceExecution> devices, Instant now) {
        RolloutConfig cfg = r.config();
        if (cfg.window() != null && !cfg.window().isOpen(now)) {
            return List.of();
        }
        Instant minuteAgo = now.minus(Duration.ofMinutes(1));
        long recent = devices.values().stream().filter(e -> e.dispatchedAt() != null && e.dispatchedAt().isAfter(minuteAgo)).count();
        long succeeded = devices.values().stream().filter(e -> e.state() == ExecutionState.SUCCEEDED).count();
        int budget = cfg.rate().allowance(recent, succeeded);
        if (budget == 0) {
            return List.of();
        }
        return devices.values().stream()
                .filter(e -> e.state() == ExecutionState.QUEUED && e.wave() <= r.openWave()
                        && (e.notBefore() == null || !now.isBefore(e.notBefore())))
                .sorted(Comparator.comparingInt(DeviceExecution::wave)
                        .thenComparing(e -> e.notBefore() == null ? Instant.MIN : e.notBefore())
                        .thenComparing(DeviceExecution::deviceId))
                .limit(budget)
                .map(DeviceExecution::deviceId)
                .toList();
    }

    static void cancelQueued(Map<String, DeviceExecution> devices, Map<String, DeviceExecution> changed, Instant now, String why) {
        for (DeviceExecution e : List.copyOf(devices.values())) {
            if (e.state() == ExecutionState.QUEUED) {
                put(devices, changed, e.to(ExecutionState.CANCELED, now, why, null));
            }
        }
    }

    private static void put(Map<String, DeviceExecution> devices, Map<String, DeviceExecution> changed, DeviceExecution next) {
        if (next != null) {
            devices.put(next.deviceId(), next);
            changed.put(next.deviceId(), next);
        }
    }

    static String summary(Counts c) {
        StringBuilder sb = new StringBuilder();
        for (ExecutionState s : ExecutionState.values()) {
            if (c.get(s) > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(s.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(c.get(s));
            }
        }
        return sb.toString();
    }
}
