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
 * twins report, the tick's dispatch budget and the time, decide the next state and whom to dispatch.
 * Nothing here does I/O or reads a clock; the ticker loads, calls {@link #tick}, saves, sends and hands
 * each answer to {@link #applyDispatch}, so every decision is unit-tested directly and a repeated tick
 * over the same inputs decides the same thing. Every state change goes through {@link Transitions}.
 *
 * <p>Order inside a tick: start (scheduled → running), absorb device reports, time out silent
 * devices, expire queued devices past the deadline, check abort criteria, advance or pause waves,
 * complete, then make dispatch intents within the rate, the maintenance window and the budget.
 */
public final class RolloutEngine {
    static final Duration OFFLINE_RETRY_MIN = Duration.ofSeconds(15);
    static final Duration OFFLINE_RETRY_MAX = Duration.ofMinutes(5);
    /** The order queued devices get their turn in: lower waves first, then those waiting longest, then by device id. */
    public static final Comparator<DeviceExecution> DISPATCH_ORDER = Comparator.comparingInt(DeviceExecution::wave)
            .thenComparing(e -> e.notBefore() == null ? Instant.MIN : e.notBefore())
            .thenComparing(DeviceExecution::deviceId);

    /** Whether a queued device may be sent at {@code now}: it has no next try set, or that time has come. */
    public static boolean isDue(DeviceExecution e, Instant now) {
        return e.notBefore() == null || !now.isBefore(e.notBefore());
    }

    /** The detail of a dispatch intent until the call's answer is applied. */
    public static final String DISPATCHING = "dispatching";

    private RolloutEngine() {}

    /**
     * The operation as of a save that writes {@code changed} device rows (a report taken, a dispatch result, a
     * timeout): its {@code updatedAt} moves forward to the newest of them, never back; state, wave and reason stay.
     * So the operation never looks older than its devices.
     */
    public static Rollout recorded(Rollout r, java.util.Collection<DeviceExecution> changed) {
        Instant newest = changed.stream()
                .map(DeviceExecution::updatedAt)
                .filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder())
                .orElse(null);
        return newest == null || !newest.isAfter(r.updatedAt()) ? r : r.touched(newest);
    }

    /**
     * A finished operation (aborted, canceled, completed) whose devices were still working when it ended: their
     * reports and timeouts are still taken, so they end {@code succeeded}, {@code failed} or {@code timed_out}
     * instead of reading {@code in_progress} forever; devices still queued (more than one tick cancels at once) are
     * canceled. Nothing is sent and nothing is retried: the operation is over.
     *
     * @return the devices that changed
     */
    public static List<DeviceExecution> drain(
            Rollout r, Map<String, DeviceExecution> executions, Map<String, Observation> observations, Instant now) {
        if (!r.state().isTerminal()) {
            throw new IllegalArgumentException("'r' must be finished to drain its devices.");
        }
        List<DeviceExecution> changed = new ArrayList<>();
        for (DeviceExecution e : executions.values()) {
            if (e.state() == ExecutionState.QUEUED) {
                // Left queued when it ended: a tick cancels a bounded number of devices at a time, the rest here.
                changed.add(e.cancel(CancelReason.ofFinished(r.state()), now, null));
                continue;
            }
            if (e.state() != ExecutionState.IN_PROGRESS) {
                continue;
            }
            Observation obs = observations.get(e.deviceId());
            if (obs != null && obs.attempt() == e.attempt() && obs.outcome() != ExecutionState.IN_PROGRESS) {
                changed.add(e.finish(obs.outcome(), now, obs.status(), obs.error()));
            } else if (e.dispatchedAt() != null
                    && !now.isBefore(e.dispatchedAt().plus(r.config().perDeviceTimeout()))) {
                changed.add(e.finish(ExecutionState.TIMED_OUT, now, "timed out", timedOut(r.config())));
            }
        }
        return changed;
    }

    /**
     * Turns a filter's matches into the operation's devices ({@link RolloutState#RESOLVING} → scheduled), or aborts
     * it when they cannot run: no device, more than {@code maxDevices}, or a wave that would get no device (it
     * would pass its threshold without touching one).
     *
     * @param matches the device ids the target query returned (at most {@code maxDevices + 1} are needed)
     */
    public static TickPlan resolve(Rollout r, List<String> matches, int maxDevices, Instant now) {
        String problem = null;
        if (matches.isEmpty()) {
            problem = "the target matches no devices";
        } else if (matches.size() > maxDevices) {
            problem = "the target matches more than " + maxDevices + " devices";
        } else {
            problem = r.config().waves().emptyWave(matches.size()).orElse(null);
        }
        if (problem != null) {
            RolloutEvent.ResolutionFailed failed = new RolloutEvent.ResolutionFailed(problem);
            return new TickPlan(r.to(RolloutState.ABORTED, now, failed.text()), List.of(), List.of(), List.of(failed));
        }
        List<DeviceExecution> devices =
                WaveAssignment.queued(r.id(), matches, r.config().waves(), now);
        boolean awaitsApproval = r.approval() != null && r.approval().status() == Approval.Status.PENDING;
        return new TickPlan(
                r.to(awaitsApproval ? RolloutState.PENDING_APPROVAL : RolloutState.SCHEDULED, now, null),
                devices,
                List.of(),
                List.of(new RolloutEvent.Resolved(
                        devices.size(), r.config().waves().waveCount())));
    }

    /**
     * @param maxDispatch how many devices this tick may dispatch at most (what the ticker can send before
     *                    the next tick is due); the operation's own rate applies on top
     */
    public static TickPlan tick(
            Rollout rollout,
            Map<String, DeviceExecution> executions,
            Map<String, Observation> observations,
            int maxDispatch,
            Instant now) {
        return tick(
                rollout, Workset.of(executions, rollout.config().waves().waveCount()), observations, maxDispatch, now);
    }

    /**
     * The tick over a {@link Workset}: the operation's tally stands for all its devices, and only the rows in the
     * workset can change. A row the workset lacks is decided in a later tick that reads it; a tick over every row
     * ({@link Workset#of}) decides exactly what a tick over a smaller workset holding the due rows does.
     *
     * @param maxDispatch how many devices this tick may dispatch at most (what the ticker can send before
     *                    the next tick is due); the operation's own rate applies on top
     */
    public static TickPlan tick(
            Rollout rollout, Workset workset, Map<String, Observation> observations, int maxDispatch, Instant now) {
        return tick(rollout, workset, observations, WaveChecks.NONE, maxDispatch, now);
    }

    /**
     * The tick with what the ticker read for a soaking wave ({@link WaveChecks}): devices that regressed outside their
     * update report, and the gates' answers once the soak is over.
     */
    public static TickPlan tick(
            Rollout rollout,
            Workset workset,
            Map<String, Observation> observations,
            WaveChecks checks,
            int maxDispatch,
            Instant now) {
        return tick(rollout, workset, observations, checks, DeviceZones.NONE, maxDispatch, now);
    }

    /**
     * The tick with the zones of the devices it may dispatch, for a maintenance window in each device's own time: a
     * device whose window is closed waits, without using an attempt, until its window next opens.
     */
    public static TickPlan tick(
            Rollout rollout,
            Workset workset,
            Map<String, Observation> observations,
            WaveChecks checks,
            DeviceZones zones,
            int maxDispatch,
            Instant now) {
        if (maxDispatch < 0) {
            throw new IllegalArgumentException("'maxDispatch' cannot be negative.");
        }
        if (rollout.state().isTerminal()) {
            return new TickPlan(rollout, List.of(), List.of(), List.of());
        }
        if (rollout.state() == RolloutState.PENDING_APPROVAL) {
            // Nothing runs before approval; the timer only ends an approval nobody gave in time.
            return rollout.approval().expiredAt(now)
                    ? RolloutCommands.expire(
                            rollout, workset.rows(), workset.tally().all().total(), now)
                    : new TickPlan(rollout, List.of(), List.of(), List.of());
        }
        Devices devices = new Devices(workset.rows());
        List<RolloutEvent> events = new ArrayList<>();
        RolloutConfig cfg = rollout.config();
        Rollout r = rollout;
        if (r.state() == RolloutState.SCHEDULED && (cfg.startAt() == null || !now.isBefore(cfg.startAt()))) {
            r = r.to(RolloutState.RUNNING, now, null);
            events.add(new RolloutEvent.Started());
        }
        absorbReports(devices, observations, cfg, now, events);
        regressFromChecks(r, devices, checks, now, events);
        timeOutSilentDevices(devices, cfg, now);
        expireAtDeadline(devices, cfg, now);
        // Everything below counts every device: the tally with this tick's changes so far.
        Tally tally = workset.tally().apply(workset.rows(), devices.changed());
        if (r.state() == RolloutState.RUNNING) {
            Optional<RolloutEvent.Aborted> tripped = tripped(cfg, tally.all());
            if (tripped.isPresent()) {
                r = r.to(RolloutState.ABORTED, now, tripped.get().text());
                events.add(tripped.get());
                cancelQueued(devices, now);
                return new TickPlan(r, devices.changed(), List.of(), events);
            }
            r = advanceWaves(r, tally, checks, events, now);
        }
        // Only a running operation completes: a paused one waits for its operator even when every device finished.
        // With a soak, the last wave is watched too before the operation calls itself completed.
        if (r.state() == RolloutState.RUNNING && tally.allTerminal() && lastWaveSoaked(r, now)) {
            RolloutEvent.Completed completed = new RolloutEvent.Completed(tally.all());
            r = r.to(RolloutState.COMPLETED, now, null);
            events.add(completed);
            return new TickPlan(r, devices.changed(), List.of(), events);
        }
        List<DispatchIntent> intents = r.state() == RolloutState.RUNNING
                ? dispatchIntents(r, devices, tally, zones, maxDispatch, now)
                : List.of();
        return new TickPlan(r, devices.changed(), intents, events);
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
        // Exactly what attemptOperationId writes: digits without sign, leading zero or padding. A twin may
        // hold 4 KB of anything after the prefix, and "+1", "01" or "1 " must not read as attempt 1.
        String n = operationId.substring(prefix.length());
        return n.matches("[1-9][0-9]{0,8}") ? Integer.parseInt(n) : -1;
    }

    /**
     * Applies the answer to one intent's call. Accepted (or no answer: the device may be working on it)
     * stays in progress; a device that was offline, throttled, refused or unknown did not take the
     * attempt, so it does not count against the retry budget; a failed call does.
     */
    public static DeviceExecution applyDispatch(
            DispatchIntent intent, DispatchResult result, RolloutConfig cfg, Instant now) {
        DeviceExecution e = intent.execution();
        DeviceExecution queued = intent.queued();
        if (result instanceof DispatchResult.Accepted || result instanceof DispatchResult.NoAnswer) {
            return e.progressed(now, "accepted");
        }
        if (result instanceof DispatchResult.AlreadyDone) {
            return e.finish(ExecutionState.SUCCEEDED, now, "already done", null);
        }
        if (result instanceof DispatchResult.Rejected rejected) {
            return e.notAccepted(queued, false)
                    .finish(ExecutionState.REJECTED, now, "rejected", new ErrorInfo("rejected", rejected.message()));
        }
        if (result instanceof DispatchResult.Removed) {
            return e.notAccepted(queued, false)
                    .finish(
                            ExecutionState.REMOVED,
                            now,
                            "removed",
                            new ErrorInfo("deviceNotRegistered", "device not registered"));
        }
        if (result instanceof DispatchResult.Offline) {
            return e.notAccepted(queued, false)
                    .requeue(
                            QueueReason.OFFLINE,
                            now.plus(offlineBackoff(queued)),
                            now,
                            "offline",
                            new ErrorInfo(QueueReason.OFFLINE_ERROR_CODE, "device offline; retrying"));
        }
        if (result instanceof DispatchResult.NotSent) {
            // Exactly as it was before the intent: the same attempt, reason, next try and time, so an offline
            // device's growing spacing (offlineBackoff) is not disturbed by a tick that never called it.
            return queued;
        }
        if (result instanceof DispatchResult.HubUnavailable h) {
            return e.notAccepted(queued, false)
                    .requeue(
                            QueueReason.HUB_UNAVAILABLE,
                            now.plus(h.retryAfter()),
                            now,
                            "waiting for the hub",
                            new ErrorInfo("hubUnavailable", h.message()));
        }
        if (result instanceof DispatchResult.Throttled t) {
            return e.notAccepted(queued, false)
                    .requeue(QueueReason.THROTTLED, now.plus(t.retryAfter()), now, "throttled", null);
        }
        DispatchResult.Error error = (DispatchResult.Error) result;
        ErrorInfo info = new ErrorInfo("dispatchFailed", error.message());
        DeviceExecution failed = e.notAccepted(queued, true);
        if (cfg.retry().retries(ExecutionState.FAILED, failed.attempt())) {
            return failed.requeue(
                    QueueReason.RETRY_BACKOFF,
                    now.plus(cfg.retry().backoff(failed.attempt())),
                    now,
                    "dispatch failed",
                    info);
        }
        return failed.finish(ExecutionState.FAILED, now, "dispatch failed", info);
    }

    private static Duration offlineBackoff(DeviceExecution queued) {
        // Offline tries do not count as attempts; space them by how long the device has been queued.
        Duration sinceUpdate =
                queued.notBefore() == null ? Duration.ZERO : Duration.between(queued.updatedAt(), queued.notBefore());
        Duration next =
                sinceUpdate.isNegative() || sinceUpdate.isZero() ? OFFLINE_RETRY_MIN : sinceUpdate.multipliedBy(2);
        return next.compareTo(OFFLINE_RETRY_MAX) > 0 ? OFFLINE_RETRY_MAX : next;
    }

    private static void absorbReports(
            Devices devices,
            Map<String, Observation> observations,
            RolloutConfig cfg,
            Instant now,
            List<RolloutEvent> events) {
        Map<Integer, Integer> regressed = new java.util.TreeMap<>();
        for (Map.Entry<String, Observation> o : observations.entrySet()) {
            DeviceExecution e = devices.get(o.getKey());
            Observation obs = o.getValue();
            if (e != null
                    && e.state() == ExecutionState.SUCCEEDED
                    && obs.attempt() == e.attempt()
                    && obs.outcome() == ExecutionState.FAILED
                    && !cfg.gates().none()) {
                // The device's report is the source of truth: a success that turned into a rollback did not hold.
                devices.put(e.regress(now, obs.status(), obs.error()));
                regressed.merge(e.wave(), 1, Integer::sum);
                continue;
            }
            if (e != null && e.state() == ExecutionState.QUEUED && obs.attempt() == e.attempt() + 1) {
                // The device acted on the desired-property goal set while it was offline, before a
                // direct method reached it: that attempt is in flight now.
                e = devices.put(e.start(now, "accepted"));
            }
            // Only reports about the attempt in flight count: after a retry the twin still shows the old one.
            if (e == null || e.state() != ExecutionState.IN_PROGRESS || obs.attempt() != e.attempt()) {
                continue;
            }
            switch (obs.outcome()) {
                case SUCCEEDED -> devices.put(e.finish(ExecutionState.SUCCEEDED, now, obs.status(), null));
                case FAILED -> devices.put(finishFailed(e, ExecutionState.FAILED, cfg, now, obs.status(), obs.error()));
                default -> {
                    if (!obs.status().equals(e.lastDetail())) {
                        devices.put(e.progressed(now, obs.status()));
                    }
                }
            }
        }
        regressed.forEach(
                (wave, n) -> events.add(new RolloutEvent.Regressed(wave, n, "update report turned into a failure")));
    }

    /**
     * Succeeded devices of the soaking wave that the ticker found disconnected for too long, or reporting a failed
     * health check, count as failed from now on.
     */
    private static void regressFromChecks(
            Rollout r, Devices devices, WaveChecks checks, Instant now, List<RolloutEvent> events) {
        if (r.soak() == null || r.state().isTerminal()) {
            return;
        }
        int wave = r.soak().wave();
        int offline = 0;
        int unhealthy = 0;
        for (String id : checks.unhealthy()) {
            DeviceExecution e = devices.get(id);
            if (e != null && e.state() == ExecutionState.SUCCEEDED && e.wave() <= wave) {
                devices.put(e.regress(
                        now,
                        "health check failed",
                        new ErrorInfo("healthCheckFailed", "the device reports its health check failed")));
                unhealthy++;
            }
        }
        for (String id : checks.offline()) {
            DeviceExecution e = devices.get(id);
            if (e != null && e.state() == ExecutionState.SUCCEEDED && e.wave() <= wave) {
                devices.put(e.regress(
                        now,
                        "offline during soak",
                        new ErrorInfo(
                                "offlineDuringSoak",
                                "disconnected for longer than "
                                        + r.config().gates().offlineMax())));
                offline++;
            }
        }
        if (unhealthy > 0) {
            events.add(new RolloutEvent.Regressed(wave, unhealthy, "health check failed"));
        }
        if (offline > 0) {
            events.add(new RolloutEvent.Regressed(
                    wave, offline, "offline longer than " + r.config().gates().offlineMax()));
        }
    }

    private static ErrorInfo timedOut(RolloutConfig cfg) {
        return new ErrorInfo("timedOut", "no terminal report within " + cfg.perDeviceTimeout());
    }

    private static void timeOutSilentDevices(Devices devices, RolloutConfig cfg, Instant now) {
        for (DeviceExecution e : devices.all()) {
            if (e.state() == ExecutionState.IN_PROGRESS
                    && e.dispatchedAt() != null
                    && !now.isBefore(e.dispatchedAt().plus(cfg.perDeviceTimeout()))) {
                devices.put(finishFailed(e, ExecutionState.TIMED_OUT, cfg, now, "timed out", timedOut(cfg)));
            }
        }
    }

    private static void expireAtDeadline(Devices devices, RolloutConfig cfg, Instant now) {
        if (cfg.deadline() == null || now.isBefore(cfg.deadline())) {
            return;
        }
        for (DeviceExecution e : devices.all()) {
            if (e.state() == ExecutionState.QUEUED) {
                devices.put(e.finish(
                        ExecutionState.TIMED_OUT,
                        now,
                        "deadline passed",
                        e.error() != null
                                ? e.error()
                                : new ErrorInfo("deadline", "not dispatched before the operation's deadline")));
            }
        }
    }

    /** A failure or timeout: back to the queue if the retry policy allows, else final. */
    private static DeviceExecution finishFailed(
            DeviceExecution e, ExecutionState outcome, RolloutConfig cfg, Instant now, String detail, ErrorInfo error) {
        if (cfg.retry().retries(outcome, e.attempt())) {
            return e.requeue(
                    QueueReason.RETRY_BACKOFF,
                    now.plus(cfg.retry().backoff(e.attempt())),
                    now,
                    detail + "; retrying",
                    error);
        }
        return e.finish(outcome, now, detail, error);
    }

    private static Optional<RolloutEvent.Aborted> tripped(RolloutConfig cfg, Counts all) {
        for (AbortCriterion c : cfg.abort()) {
            Optional<RolloutEvent.Aborted> tripped = c.check(all);
            if (tripped.isPresent()) {
                return tripped;
            }
        }
        return Optional.empty();
    }

    /**
     * Opens the next wave when the open one met its success threshold; pauses when it finished below it.
     * Removed devices (gone from the hub) are left out of a wave's success share: they say nothing about the update.
     *
     * <p>With {@link WaveGates} the threshold only starts the wave's soak ({@link Soak}). The next wave opens when the
     * soak is over, the share is still met (devices that regressed meanwhile count as failed) and every gate passed. A
     * gate that fails, or keeps answering wait past {@link WaveGates#gateTimeout()}, pauses the operation.
     */
    private static Rollout advanceWaves(
            Rollout r, Tally tally, WaveChecks checks, List<RolloutEvent> events, Instant now) {
        int lastWave = r.config().waves().waveCount() - 1;
        double threshold = r.config().successThresholdPercent();
        WaveGates gates = r.config().gates();
        while (r.openWave() < lastWave || (!gates.none() && r.soak() == null)) {
            int w = r.openWave();
            Counts c = tally.wave(w);
            long counted = c.total() - c.get(ExecutionState.REMOVED);
            double successPercent = counted == 0 ? 100 : 100.0 * c.get(ExecutionState.SUCCEEDED) / counted;
            boolean lastOnlySoaks = w == lastWave && c.terminal() == c.total();
            if (successPercent < threshold && !lastOnlySoaks) {
                if (w < lastWave && c.terminal() == c.total()) {
                    RolloutEvent.PausedBelowThreshold paused =
                            new RolloutEvent.PausedBelowThreshold(w, successPercent, threshold);
                    events.add(paused);
                    // A resume is the operator's decision to go on: no soak left to sit out.
                    return r.withSoak(null, now).to(RolloutState.PAUSED, now, paused.text());
                }
                return r;
            }
            if (gates.none()) {
                r = r.withOpenWave(w + 1, now);
                events.add(new RolloutEvent.WaveOpened(w + 1, w, successPercent, threshold));
                continue;
            }
            if (r.soak() == null) {
                if (threshold == 0 && c.terminal() < c.total()) {
                    return r; // a threshold of 0 is met before anything ran: soak from when the wave has finished
                }
                Soak soak = new Soak(w, now, null);
                events.add(new RolloutEvent.SoakStarted(w, soak.endsAt(gates)));
                r = r.withSoak(soak.waitingFor("soaking until " + soak.endsAt(gates)), now);
                if (gates.soak().isZero() && w < lastWave) {
                    continue; // no soak time: the gates are asked at once
                }
                return r;
            }
            Instant soakEnd = r.soak().endsAt(gates);
            if (now.isBefore(soakEnd) || w == lastWave) {
                return r; // the last wave only soaks: there is no next wave to gate
            }
            String waiting = gateWait(gates, checks, tally, w);
            if (waiting == null) {
                r = r.withOpenWave(w + 1, now);
                events.add(new RolloutEvent.WaveOpened(w + 1, w, successPercent, threshold));
                continue;
            }
            if (checks.external() != null && checks.external().decision() == GateVerdict.Decision.FAIL) {
                RolloutEvent.PausedAtGate paused = new RolloutEvent.PausedAtGate(w, waiting);
                events.add(paused);
                return r.withSoak(r.soak().waitingFor(waiting), now).to(RolloutState.PAUSED, now, paused.text());
            }
            if (!now.isBefore(soakEnd.plus(gates.gateTimeout()))) {
                RolloutEvent.PausedAtGate paused = new RolloutEvent.PausedAtGate(
                        w, "still waiting " + gates.gateTimeout() + " after the soak: " + waiting);
                events.add(paused);
                return r.withSoak(r.soak().waitingFor(waiting), now).to(RolloutState.PAUSED, now, paused.text());
            }
            return waiting.equals(r.soak().waiting()) ? r : r.withSoak(r.soak().waitingFor(waiting), now);
        }
        return r;
    }

    /** What the soaked wave still waits for, in words, or null when every gate passed. */
    private static String gateWait(WaveGates gates, WaveChecks checks, Tally tally, int wave) {
        if (gates.health() != null) {
            WaveGates.HealthGate h = gates.health();
            long succeeded = 0;
            for (int i = 0; i <= wave; i++) {
                succeeded += tally.wave(i).get(ExecutionState.SUCCEEDED);
            }
            if (checks.healthy() == null) {
                return "health gate: not read yet";
            }
            double share = succeeded == 0 ? 0 : 100.0 * Math.min(checks.healthy(), succeeded) / succeeded;
            if (share < h.minPercent()) {
                return String.format(
                        java.util.Locale.ROOT,
                        "health gate: %.1f%% of %d succeeded devices report %s=%s, %.1f%% needed",
                        share,
                        succeeded,
                        h.property(),
                        h.value(),
                        h.minPercent());
            }
        }
        if (gates.external() != null) {
            GateVerdict v = checks.external();
            if (v == null) {
                return "external gate: not asked yet";
            }
            if (v.decision() != GateVerdict.Decision.PASS) {
                String word = v.decision().name().toLowerCase(java.util.Locale.ROOT);
                return "external gate: " + word
                        + (v.reason() == null || v.reason().isBlank() ? "" : " (" + v.reason() + ")");
            }
        }
        return null;
    }

    /** Whether the operation may complete: no soak asked for, or the last wave soaked for its full time. */
    static boolean lastWaveSoaked(Rollout r, Instant now) {
        WaveGates gates = r.config().gates();
        if (gates.none()) {
            return true;
        }
        int lastWave = r.config().waves().waveCount() - 1;
        return r.openWave() == lastWave
                && r.soak() != null
                && r.soak().wave() == lastWave
                && !now.isBefore(r.soak().endsAt(gates));
    }

    /**
     * Whether devices that succeeded are still watched for a regression: an operation with a soak or gates, running or
     * paused (an operator deciding about a paused wave sees every rollback that still comes in).
     */
    public static boolean watchesSuccesses(Rollout r) {
        return !r.config().gates().none() && (r.state() == RolloutState.RUNNING || r.state() == RolloutState.PAUSED);
    }

    /** Whether the ticker should read the soaking wave's devices and gates this tick. */
    public static boolean soaking(Rollout r) {
        return r.soak() != null
                && r.state() == RolloutState.RUNNING
                && !r.config().gates().none();
    }

    /** Whether the soak of the open wave is over, so the gates are asked. */
    public static boolean gatesDue(Rollout r, Instant now) {
        return soaking(r)
                && r.openWave() < r.config().waves().waveCount() - 1
                && !now.isBefore(r.soak().endsAt(r.config().gates()));
    }

    private static List<DispatchIntent> dispatchIntents(
            Rollout r, Devices devices, Tally tally, DeviceZones zones, int maxDispatch, Instant now) {
        RolloutConfig cfg = r.config();
        if (cfg.window() != null && !cfg.window().isOpen(now)) {
            return List.of();
        }
        if (cfg.window() != null && cfg.window().perDevice()) {
            deferClosedWindows(r, devices, cfg.window(), zones, now);
        }
        long recent = tally.pace().dispatchedWithin(Duration.ofMinutes(1), now);
        long succeeded = tally.all().get(ExecutionState.SUCCEEDED);
        int budget = Math.min(cfg.rate().allowance(recent, succeeded), maxDispatch);
        if (budget == 0) {
            return List.of();
        }
        return devices.all().stream()
                .filter(e -> e.state() == ExecutionState.QUEUED && e.wave() <= r.openWave() && isDue(e, now))
                .sorted(DISPATCH_ORDER)
                .limit(budget)
                .map(e -> new DispatchIntent(e, e.start(now, DISPATCHING)))
                .toList();
    }

    /**
     * Due devices whose own window is closed wait until it opens (their next try is then), so the rows a tick reads
     * next are the devices that may go, and a device never uses an attempt on its window.
     */
    private static void deferClosedWindows(
            Rollout r, Devices devices, MaintenanceWindow window, DeviceZones zones, Instant now) {
        for (DeviceExecution e : devices.all()) {
            if (e.state() != ExecutionState.QUEUED || e.wave() > r.openWave() || !isDue(e, now)) {
                continue;
            }
            java.time.ZoneId zone = zones.of(e.deviceId());
            if (!window.isOpen(now, zone)) {
                devices.put(e.deferred(
                        window.nextOpening(now, zone), now, "outside its maintenance window (" + zone.getId() + ")"));
            }
        }
    }

    private static void cancelQueued(Devices devices, Instant now) {
        for (DeviceExecution e : devices.all()) {
            if (e.state() == ExecutionState.QUEUED) {
                devices.put(e.cancel(CancelReason.OPERATION_ABORTED, now, null));
            }
        }
    }

    /** The tick's working copy of the executions, remembering which changed. */
    private static final class Devices {
        private final Map<String, DeviceExecution> byId;
        private final Map<String, DeviceExecution> changed = new LinkedHashMap<>();

        Devices(Map<String, DeviceExecution> executions) {
            this.byId = new LinkedHashMap<>(executions);
        }

        DeviceExecution get(String deviceId) {
            return byId.get(deviceId);
        }

        List<DeviceExecution> all() {
            return List.copyOf(byId.values());
        }

        DeviceExecution put(DeviceExecution e) {
            byId.put(e.deviceId(), e);
            changed.put(e.deviceId(), e);
            return e;
        }

        List<DeviceExecution> changed() {
            return List.copyOf(changed.values());
        }
    }
}
