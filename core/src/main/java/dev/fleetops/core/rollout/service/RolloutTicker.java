package dev.fleetops.core.rollout.service;

import dev.fleetops.contract.Action;
import dev.fleetops.core.firmware.PackageLinks;
import dev.fleetops.core.hub.DesiredWriter;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.MethodInvoker;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.Observation;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.core.rollout.RolloutEngine;
import dev.fleetops.core.rollout.RolloutEvent;
import dev.fleetops.core.rollout.Tally;
import dev.fleetops.core.rollout.TickPlan;
import dev.fleetops.core.rollout.WaveChecks;
import dev.fleetops.core.rollout.Workset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One reconciliation tick of one fleet operation, I/O only: load, read progress from twins, let
 * {@link RolloutEngine} decide (state, events and dispatch intents within this tick's budget), save,
 * send the intents' requests, let the engine apply the answers, save. Safe to repeat and to overlap:
 * <ul>
 * <li>Every save is guarded by the operation's etag, so of two overlapping ticks only one proceeds.</li>
 * <li>Before a device is sent its request, its execution is saved as started with the new attempt; a
 *     tick that crashes after that never re-sends the same attempt (the device would treat it as a
 *     duplicate anyway), and a device that never got it times out and is retried with a new attempt.</li>
 * </ul>
 * Progress is read with requests that do not grow with the fleet ({@link ProgressReader}); the calls are sent by
 * the {@link Dispatcher} (paced below the hub's method throttle, at most {@code rate × budget} per tick, stopped by
 * a pause, a cancel, the time budget or a hub outage); goals left in twins are taken out by the {@link GoalSweeper}.
 */
public final class RolloutTicker {
    public static final String ACTOR = "engine";
    private static final int MAX_PROGRESS_ROWS = RolloutService.MAX_DEVICES;

    /**
     * Default time a tick may spend dispatching, counted from its first call: the default 30-second schedule. A tick
     * returns when all but its last {@link Dispatcher#HANDOVER} of calls went out, a few seconds before the next timer
     * fires, and the next tick's calls queue behind those, so a timer at this period keeps the pacer busy.
     */
    public static final Duration DEFAULT_DISPATCH_BUDGET = Duration.ofSeconds(30);

    private final RolloutStore store;
    private final ProgressReader progress;
    private final Clock clock;
    private final int maxDispatchPerTick;
    private final GoalSweeper goals;
    private final TwinQueries targets;
    private final Dispatcher dispatcher;
    /** Null when this process calls the devices itself; else the queue its ticks hand their intents to. */
    private final QueueDispatcher fanOut;
    /** Reads a soaking wave's devices and asks its gates; set once, before the first tick ({@link #withGateCalls}). */
    private volatile SoakProbe soaks;

    private final DeviceZoneReader zones;

    /** @param dispatchPool bounds how many direct methods run at once */
    public RolloutTicker(
            RolloutStore store, TwinQueries queries, MethodInvoker methods, Clock clock, ExecutorService dispatchPool) {
        this(store, queries, methods, DesiredWriter.NONE, clock, dispatchPool);
    }

    /**
     * @param desired sets a desired-property goal ({@code Action.desiredGoal}, firmware updates) on devices that are offline when
     *                their turn comes, so they converge when they reconnect even if no later tick reaches them
     */
    public RolloutTicker(
            RolloutStore store,
            TwinQueries queries,
            MethodInvoker methods,
            DesiredWriter desired,
            Clock clock,
            ExecutorService dispatchPool) {
        this(store, queries, methods, desired, clock, dispatchPool, DispatchPacer.UNLIMITED, DEFAULT_DISPATCH_BUDGET);
    }

    /**
     * @param pacer          spaces calls below the hub's method throttle and backs off on 429
     * @param dispatchBudget how long one tick may dispatch: at most {@code pacer rate × budget} devices per tick
     *                       get an intent, so a tick ends before the next is due
     */
    public RolloutTicker(
            RolloutStore store,
            TwinQueries queries,
            MethodInvoker methods,
            DesiredWriter desired,
            Clock clock,
            ExecutorService dispatchPool,
            MethodPacer pacer,
            Duration dispatchBudget) {
        this(
                store,
                queries,
                methods,
                desired,
                clock,
                dispatchPool,
                pacer,
                DispatchWindow.fixed(Integer.MAX_VALUE),
                dispatchBudget,
                PackageLinks.NONE);
    }

    /**
     * @param dispatchPool runs the calls; with an adaptive {@code window} it should grow on demand (a cached pool): the
     *                     window, not the pool, bounds how many run at once
     * @param window       how many calls are in flight: {@link DispatchWindow#forPacer} keeps the pacer's rate whatever
     *                     the devices' latency
     * @param links        signs a catalog package's URL afresh for each device a firmware update is sent to
     *                     (docs/firmware-catalog.md)
     */
    public RolloutTicker(
            RolloutStore store,
            TwinQueries queries,
            MethodInvoker methods,
            DesiredWriter desired,
            Clock clock,
            ExecutorService dispatchPool,
            MethodPacer pacer,
            DispatchWindow window,
            Duration dispatchBudget,
            PackageLinks links) {
        this(store, queries, methods, desired, clock, dispatchPool, pacer, window, dispatchBudget, links, null);
    }

    /**
     * @param queue where ticks put their intents for queue-triggered {@link DispatchWorker}s on any instance, instead
     *              of calling the devices themselves; null to call them here. With a queue, {@code pacer} should be the
     *              hub-wide {@link SharedPacer} (it sizes how many devices a tick plans), and the ticks take the
     *              workers' answers from the store ({@link RolloutStore#answers}).
     */
    public RolloutTicker(
            RolloutStore store,
            TwinQueries queries,
            MethodInvoker methods,
            DesiredWriter desired,
            Clock clock,
            ExecutorService dispatchPool,
            MethodPacer pacer,
            DispatchWindow window,
            Duration dispatchBudget,
            PackageLinks links,
            DispatchQueue queue) {
        this.store = store;
        this.progress = new ProgressReader(queries, ProgressReader.DEFAULT_OVERLAP, MAX_PROGRESS_ROWS);
        this.clock = clock;
        this.maxDispatchPerTick = pacer.callsIn(dispatchBudget);
        this.goals = new GoalSweeper(queries, desired, store);
        this.targets = queries;
        this.dispatcher =
                new Dispatcher(store, methods, desired, clock, dispatchPool, pacer, window, dispatchBudget, links);
        this.fanOut = queue == null ? null : new QueueDispatcher(dispatcher, queue, window.max());
        this.soaks = new SoakProbe(queries, WaveGateCalls.NONE);
        this.zones = new DeviceZoneReader(queries);
    }

    /**
     * Uses {@code calls} to ask operations' external gates (without it, an external gate always reads wait). Call it
     * once, before the first tick.
     */
    public RolloutTicker withGateCalls(WaveGateCalls calls) {
        this.soaks = new SoakProbe(targets, calls);
        return this;
    }

    /**
     * What a tick did, for logs and metrics.
     *
     * @param progressRead how the twins were read ({@link ProgressReader.Mode})
     * @param hubQueries   twin queries sent (a query of more than one page costs one request per page of rows)
     * @param rowsRead     query rows that came back
     * @param methodCalls  direct-method calls sent, retries after 429 included
     * @param throttled    of those, how many the hub answered 429
     */
    public record TickReport(
            String id,
            String state,
            int dispatched,
            int changed,
            List<RolloutEvent> events,
            boolean skipped,
            ProgressReader.Mode progressRead,
            int hubQueries,
            int rowsRead,
            int methodCalls,
            int throttled) {
        public TickReport(
                String id, String state, int dispatched, int changed, List<RolloutEvent> events, boolean skipped) {
            this(id, state, dispatched, changed, events, skipped, ProgressReader.Mode.NONE, 0, 0, 0, 0);
        }
    }

    /**
     * Ticks every active operation; whatever one operation's tick throws, the others are ticked. A hub
     * failure or a concurrent tick is routine (the next run tries again); anything else is recorded in the
     * operation's trail as {@link RolloutEvent.TickFailed}, so an operation that cannot move says why.
     */
    public List<TickReport> tickAll() {
        List<TickReport> out = new ArrayList<>();
        for (StoredRollout r : store.active()) {
            String id = r.rollout().id();
            RolloutEvent event;
            try {
                out.add(tick(id));
                continue;
            } catch (HubCallException | ConcurrentUpdateException e) {
                event = new RolloutEvent.TickSkipped(e.getMessage());
            } catch (RuntimeException e) {
                event = new RolloutEvent.TickFailed(causeOf(e));
                recordFailure(id, event);
            }
            out.add(new TickReport(id, r.rollout().state().name(), 0, 0, List.of(event), true));
        }
        return out;
    }

    /** The failure in words an operator can act on, bounded: exception messages may quote stored data. */
    static String causeOf(RuntimeException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
        String text = e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private void recordFailure(String id, RolloutEvent event) {
        try {
            store.audit(id, AuditEvent.of(clock.instant(), ACTOR, event));
        } catch (RuntimeException ignored) {
            // The store that failed the tick may fail this too; the tick report still carries the event.
        }
    }

    public TickReport tick(String id) {
        saveLateAnswers(id);
        saveWorkerAnswers(id);
        StoredRollout stored = store.get(id).orElseThrow(() -> new IllegalArgumentException("'id' is unknown: " + id));
        Action<?, ?> action = Action.fromMethodName(stored.action()).orElseThrow();
        if (stored.rollout().state() == dev.fleetops.core.rollout.RolloutState.RESOLVING) {
            StoredRollout resolved = resolve(stored);
            if (!resolved.rollout().state().isTerminal()) {
                return tick(id); // its first tick, at once
            }
            return new TickReport(id, resolved.rollout().state().name(), 0, 0, List.of(), false);
        }
        if (stored.rollout().state().isTerminal()) {
            // Over (an operator's cancel, an abort): goals left in twins may still need removing, and devices that
            // were working when it ended still report or time out.
            List<RolloutEvent> events = new ArrayList<>();
            StoredRollout swept = goals.sweep(stored, action, Set.of(), clock.instant(), events);
            int drained = 0;
            if (swept.draining()) {
                Instant now = clock.instant();
                StoredRollout counted = withCompleteTally(swept);
                ProgressReader.Reading reading = observe(counted, action);
                Map<String, DeviceExecution> rows = workset(counted, reading.observations(), 0, now);
                List<DeviceExecution> changed =
                        RolloutEngine.drain(counted.rollout(), rows, reading.observations(), now);
                if (!changed.isEmpty() || !java.util.Objects.equals(reading.cursor(), swept.progress())) {
                    store.save(counted.withProgress(reading.cursor()).tallied(rows, changed), rows, changed, List.of());
                }
                drained = changed.size();
            }
            if (dispatcher.stillRunning(id) == 0) {
                callCounts.remove(id); // over, and no call of it left: nothing more to report
            }
            return new TickReport(
                    id, swept.rollout().state().name(), 0, drained, events, events.isEmpty() && drained == 0);
        }
        stored = withCompleteTally(stored);
        ProgressReader.Reading reading = observe(stored, action);
        Instant now = clock.instant();
        WaveChecks checks = soaks.check(stored.rollout(), action, stored.tally(), now);
        Map<String, DeviceExecution> executions =
                workset(stored, reading.observations(), dispatchable(stored, now), now);
        withRowsOf(id, executions, checks);
        TickPlan plan = RolloutEngine.tick(
                stored.rollout(),
                new Workset(stored.tally(), executions),
                reading.observations(),
                checks,
                zonesOf(stored, executions, now),
                maxDispatchPerTick,
                now);
        if (stored.rollout().state() == dev.fleetops.core.rollout.RolloutState.PENDING_APPROVAL
                && plan.events().isEmpty()) {
            // Waiting for approval and not expired: nothing changed, so nothing is written (an approval racing a
            // needless save would only have to retry).
            return new TickReport(id, stored.rollout().state().name(), 0, 0, List.of(), true);
        }
        // The decision and its dispatch intents are saved before any request leaves. The progress cursor
        // is saved with the decision it fed: a tick that dies before this point leaves the old cursor,
        // and the next tick reads the same reports again (harmless).
        StoredRollout saved = store.save(
                stored.withRollout(plan.rollout())
                        .withProgress(reading.cursor())
                        .tallied(executions, plan.toSave()),
                executions,
                plan.toSave(),
                plan.events().stream().map(ev -> AuditEvent.of(now, ACTOR, ev)).toList());

        CallCounts counts = callCounts.computeIfAbsent(id, k -> new CallCounts());
        AtomicBoolean goalWritten = new AtomicBoolean();
        List<DeviceExecution> results = fanOut == null
                ? dispatcher.dispatch(saved, action, plan.intents(), now, counts.calls, counts.throttled, goalWritten)
                : fanOut.send(saved, plan.intents(), now);
        List<RolloutEvent> events = new ArrayList<>(plan.events());
        if (!results.isEmpty()) {
            Map<String, DeviceExecution> asIntents = new java.util.HashMap<>();
            plan.intents().forEach(i -> asIntents.put(i.deviceId(), i.execution()));
            java.util.Optional<RolloutEvent> waiting = hubWait(results);
            waiting.ifPresent(events::add);
            List<AuditEvent> trail =
                    waiting.map(ev -> List.of(AuditEvent.of(now, ACTOR, ev))).orElse(List.of());
            saved = saveResults(saved, asIntents, results, goalWritten.get(), trail);
        }
        saved = goals.sweep(saved, action, GoalSweeper.finishedWithoutSuccess(plan.changed()), now, events);
        return new TickReport(
                id,
                saved.rollout().state().name(),
                plan.intents().size(),
                plan.changed().size(),
                events,
                false,
                reading.mode(),
                reading.queries(),
                reading.rows(),
                counts.takeCalls(),
                counts.takeThrottled());
    }

    /**
     * Runs a filter-targeted operation's query (in the timer, never in the request that created it: it may take
     * many pages at the hub's query rate) and stores its devices, or the reason it cannot run. A hub failure
     * leaves it resolving for the next tick.
     */
    private StoredRollout resolve(StoredRollout stored) {
        List<String> matches = new ArrayList<>();
        for (com.google.gson.JsonObject row : targets.query(stored.targetQuery(), RolloutService.MAX_DEVICES + 1)) {
            if (row.get("deviceId") instanceof com.google.gson.JsonPrimitive p && p.isString()) {
                matches.add(p.getAsString());
            }
        }
        Instant now = clock.instant();
        TickPlan plan = RolloutEngine.resolve(stored.rollout(), matches, RolloutService.MAX_DEVICES, now);
        return store.save(
                stored.withRollout(plan.rollout())
                        .withDeviceCount(plan.changed().size())
                        .withTally(dev.fleetops.core.rollout.Tally.of(
                                plan.changed(), plan.rollout().config().waves().waveCount())),
                Map.of(),
                plan.changed(),
                plan.events().stream().map(ev -> AuditEvent.of(now, ACTOR, ev)).toList());
    }

    /**
     * Saves the answers to calls an earlier tick left running when its budget ended ({@link Dispatcher#takeLate}),
     * for the devices whose rows are still those calls' intents: a device an operator canceled meanwhile, or one whose
     * report or timeout was taken since, keeps what was decided. Answers are saved once; if this save fails, the
     * devices' reports and timeouts decide, as after a crash.
     */
    private void saveLateAnswers(String id) {
        Dispatcher.LateAnswers late = dispatcher.takeLate(id);
        if (late.results().isEmpty()) {
            return;
        }
        StoredRollout fresh = store.get(id).orElse(null);
        if (fresh == null) {
            return;
        }
        Map<String, DeviceExecution> current = new LinkedHashMap<>();
        store.executions(id, late.intents().keySet()).forEach(e -> current.put(e.deviceId(), e));
        List<DeviceExecution> results = late.results().stream()
                .filter(r -> late.intents().get(r.deviceId()).equals(current.get(r.deviceId())))
                .toList();
        if (results.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<AuditEvent> trail = hubWait(results)
                .map(ev -> List.of(AuditEvent.of(now, ACTOR, ev)))
                .orElse(List.of());
        saveResults(withCompleteTally(fresh), current, results, late.goalWritten(), trail);
    }

    /** Worker answers a tick takes at most; the rest wait for the next tick. */
    static final int ANSWER_BATCH = 20_000;

    /**
     * Saves what queue-triggered workers answered since the last tick ({@link DispatchWorker}), as
     * {@link #saveLateAnswers} does for this process's own calls: only where the device's row is still the call's
     * intent. The answers are forgotten once saved, and also when stale (the row moved on: an operator's cancel, a
     * report, a timeout, or a message that ran twice); a crash between the two leaves answers the next tick finds
     * stale.
     */
    private void saveWorkerAnswers(String id) {
        if (fanOut == null) {
            return;
        }
        List<DispatchAnswer> kept = store.answers(id, ANSWER_BATCH);
        if (kept.isEmpty()) {
            return;
        }
        StoredRollout fresh = store.get(id).orElse(null);
        if (fresh != null) {
            fresh = withCompleteTally(fresh);
            Map<String, DeviceExecution> current = rowsOf(fresh, kept);
            List<DeviceExecution> results = new ArrayList<>();
            boolean goal = false;
            for (DispatchAnswer a : kept) {
                if (a.intent().equals(current.get(a.deviceId()))) {
                    results.add(a.result());
                    goal |= a.goalWritten();
                }
            }
            if (!results.isEmpty()) {
                Instant now = clock.instant();
                List<AuditEvent> trail = hubWait(results)
                        .map(ev -> List.of(AuditEvent.of(now, ACTOR, ev)))
                        .orElse(List.of());
                saveResults(fresh, current, results, goal, trail);
            }
        }
        store.removeAnswers(id, kept);
    }

    /** The current rows of the answered devices: the whole in-flight range when that is cheaper than reading each. */
    private Map<String, DeviceExecution> rowsOf(StoredRollout stored, List<DispatchAnswer> answers) {
        Map<String, DeviceExecution> rows = new java.util.HashMap<>();
        long inFlight = stored.tally().all().get(ExecutionState.IN_PROGRESS);
        if (inFlight <= IN_FLIGHT_BATCH && (long) answers.size() * REPORTS_PER_RANGE_ROW >= inFlight) {
            store.inProgress(stored.rollout().id(), Instant.MAX, IN_FLIGHT_BATCH)
                    .forEach(e -> rows.put(e.deviceId(), e));
        } else {
            store.executions(
                            stored.rollout().id(),
                            answers.stream()
                                    .map(DispatchAnswer::deviceId)
                                    .distinct()
                                    .toList())
                    .forEach(e -> rows.put(e.deviceId(), e));
        }
        return rows;
    }

    /**
     * Calls sent for one operation in this process, and what the tick reports have said of them: a tick that hands
     * its last calls over returns before they are sent, so they are reported by the operation's next tick.
     */
    private static final class CallCounts {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        private int reportedCalls;
        private int reportedThrottled;

        synchronized int takeCalls() {
            int now = calls.get();
            int n = now - reportedCalls;
            reportedCalls = now;
            return n;
        }

        synchronized int takeThrottled() {
            int now = throttled.get();
            int n = now - reportedThrottled;
            reportedThrottled = now;
            return n;
        }
    }

    private final Map<String, CallCounts> callCounts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Calls of {@code id} that earlier ticks left running (sent or still to be sent after their handover). */
    public int callsStillRunning(String id) {
        return dispatcher.stillRunning(id);
    }

    /** How often the results of a dispatch are merged into a fresher operation before the tick gives up. */
    static final int RESULT_SAVE_TRIES = 3;

    /**
     * Saves what the calls did. The calls happened, so their results must not be lost when an operator's
     * command (pause, resume, cancel) saved the operation while they were out: the operation is read again and
     * each result is kept for every device the command left as this tick's intent; a device the command changed
     * (canceled, say) keeps the command's state. A goal written now is remembered with the results, so it is
     * swept when the operation ends.
     */
    private StoredRollout saveResults(
            StoredRollout saved,
            Map<String, DeviceExecution> intents,
            List<DeviceExecution> results,
            boolean goalWritten,
            List<AuditEvent> trail) {
        StoredRollout target = (goalWritten ? saved.withGoalsPending(true) : saved).tallied(intents, results);
        ConcurrentUpdateException lost = null;
        Map<String, DeviceExecution> before = intents;
        for (int i = 0; i < RESULT_SAVE_TRIES; i++) {
            try {
                return store.save(target, before, results, trail);
            } catch (ConcurrentUpdateException raced) {
                lost = raced;
            }
            String id = saved.rollout().id();
            StoredRollout fresh =
                    store.get(id).orElseThrow(() -> new IllegalArgumentException("'id' is unknown: " + id));
            Map<String, DeviceExecution> current = new java.util.HashMap<>();
            store.executions(id, results.stream().map(DeviceExecution::deviceId).toList())
                    .forEach(e -> current.put(e.deviceId(), e));
            before = current;
            results = results.stream()
                    .filter(r -> stillDispatching(current.get(r.deviceId())))
                    .toList();
            target = (goalWritten || saved.goalsPending() ? fresh.withGoalsPending(true) : fresh)
                    .tallied(current, results);
        }
        throw lost;
    }

    /** Whether the stored row is still a dispatch intent of a tick (nobody else decided about the device since). */
    static boolean stillDispatching(DeviceExecution e) {
        return e != null && e.state() == ExecutionState.IN_PROGRESS && RolloutEngine.DISPATCHING.equals(e.lastDetail());
    }

    private ProgressReader.Reading observe(StoredRollout stored, Action<?, ?> action) {
        // In flight: dispatched devices, and offline ones that may act on a desired goal meanwhile.
        Tally tally = stored.tally();
        boolean anyInFlight = tally.all().get(ExecutionState.IN_PROGRESS) > 0
                || tally.queueReasons().getOrDefault(QueueReason.OFFLINE, 0L) > 0;
        // An operation with a soak or gates is read too, running or paused: a device that succeeded may report a
        // rollback of the same attempt.
        if (!anyInFlight && !RolloutEngine.watchesSuccesses(stored.rollout())) {
            return ProgressReader.Reading.none(stored.progress());
        }
        // A device reports the attempt it was sent, or the next one when it acts on a desired goal while queued. Rows
        // about devices the operation does not have are dropped when the workset finds no row for them.
        return progress.read(
                stored.rollout().id(), action, stored.progress(), null, tally.maxAttempt() + 1, target(stored, action));
    }

    /** For a maintenance window in each device's own time: the zones of the queued devices the tick may send. */
    private dev.fleetops.core.rollout.DeviceZones zonesOf(
            StoredRollout stored, Map<String, DeviceExecution> rows, Instant now) {
        dev.fleetops.core.rollout.MaintenanceWindow window =
                stored.rollout().config().window();
        dev.fleetops.core.rollout.RolloutState state = stored.rollout().state();
        // Scheduled too: the tick that starts the operation dispatches in the same decision.
        if (window == null
                || !window.perDevice()
                || (state != dev.fleetops.core.rollout.RolloutState.RUNNING
                        && state != dev.fleetops.core.rollout.RolloutState.SCHEDULED)) {
            return dev.fleetops.core.rollout.DeviceZones.NONE;
        }
        List<String> queued = rows.values().stream()
                .filter(e -> e.state() == ExecutionState.QUEUED && RolloutEngine.isDue(e, now))
                .map(DeviceExecution::deviceId)
                .toList();
        return queued.isEmpty() ? dev.fleetops.core.rollout.DeviceZones.NONE : zones.read(queued);
    }

    /** Adds the rows of the devices the soak checks name, so the engine can count them as regressed. */
    private void withRowsOf(String id, Map<String, DeviceExecution> rows, WaveChecks checks) {
        List<String> missing = java.util.stream.Stream.concat(checks.offline().stream(), checks.unhealthy().stream())
                .filter(d -> !rows.containsKey(d))
                .distinct()
                .toList();
        if (!missing.isEmpty()) {
            store.executions(id, missing).forEach(e -> rows.putIfAbsent(e.deviceId(), e));
        }
    }

    /** Rows a tick reads at most to cancel or expire queued devices of an operation that ended or passed its deadline. */
    static final int QUEUED_BATCH = 5_000;

    /** In-flight rows a tick reads in one go at most, when that is cheaper than reading the reporting devices one by one. */
    static final int IN_FLIGHT_BATCH = 20_000;

    /** Reporting devices per in-flight row above which reading every in-flight row is the cheaper way to match reports. */
    static final int REPORTS_PER_RANGE_ROW = 50;

    /** A tally that counts everything a tick needs: one stored by an older version is counted again from every row, once. */
    private StoredRollout withCompleteTally(StoredRollout stored) {
        if (stored.tally() != null && stored.tally().isComplete()) {
            return stored;
        }
        int waves = stored.rollout().config().waves().waveCount();
        return stored.withTally(Tally.of(store.executions(stored.rollout().id()), waves));
    }

    /** How many queued devices this tick may start: the tick's budget, within the operation's own rate. */
    private int dispatchable(StoredRollout stored, Instant now) {
        dev.fleetops.core.rollout.RolloutState state = stored.rollout().state();
        if (state != dev.fleetops.core.rollout.RolloutState.RUNNING
                && state != dev.fleetops.core.rollout.RolloutState.SCHEDULED) {
            return 0;
        }
        Tally tally = stored.tally();
        long recent = tally.pace().dispatchedWithin(Duration.ofMinutes(1), now);
        int allowed =
                stored.rollout().config().rate().allowance(recent, tally.all().get(ExecutionState.SUCCEEDED));
        int room = fanOut == null ? maxDispatchPerTick : Math.max(0, maxDispatchPerTick - fanOut.devicesWaiting());
        return Math.min(allowed, room);
    }

    /**
     * The rows that can change in this tick, read by what can change, never the whole operation: the devices that
     * reported, the in-flight devices whose timeout is due, the queued devices whose turn may come (up to
     * {@code dispatchable}, from the open waves and the next one, which this tick may open), and a batch of queued
     * devices to cancel or expire when the operation ended or passed its deadline.
     */
    private Map<String, DeviceExecution> workset(
            StoredRollout stored, Map<String, Observation> observations, int dispatchable, Instant now) {
        String id = stored.rollout().id();
        dev.fleetops.core.rollout.RolloutConfig cfg = stored.rollout().config();
        Tally tally = stored.tally();
        Map<String, DeviceExecution> rows = new LinkedHashMap<>();
        long inFlight = tally.all().get(ExecutionState.IN_PROGRESS);
        boolean wholeRange = inFlight > 0
                && inFlight <= IN_FLIGHT_BATCH
                && (long) observations.size() * REPORTS_PER_RANGE_ROW >= inFlight;
        if (wholeRange) {
            store.inProgress(id, Instant.MAX, IN_FLIGHT_BATCH).forEach(e -> rows.put(e.deviceId(), e));
        } else if (inFlight > 0) {
            Instant dueBy = now.minus(cfg.perDeviceTimeout());
            store.inProgress(id, dueBy, QUEUED_BATCH).forEach(e -> rows.put(e.deviceId(), e));
        }
        List<String> unmatched =
                observations.keySet().stream().filter(d -> !rows.containsKey(d)).toList();
        if (!unmatched.isEmpty() && !(wholeRange && noQueuedTakesGoals(tally))) {
            store.executions(id, unmatched).forEach(e -> rows.put(e.deviceId(), e));
        }
        long queued = tally.all().get(ExecutionState.QUEUED);
        boolean sweepQueue =
                stored.rollout().state().isTerminal() || (cfg.deadline() != null && !now.isBefore(cfg.deadline()));
        if (queued > 0 && sweepQueue) {
            store.queued(id, Integer.MAX_VALUE, Instant.MAX, QUEUED_BATCH)
                    .forEach(e -> rows.putIfAbsent(e.deviceId(), e));
        } else if (queued > 0 && dispatchable > 0) {
            int lastWave = cfg.waves().waveCount() - 1;
            int maxWave = Math.min(lastWave, stored.rollout().openWave() + 1);
            store.queued(id, maxWave, now, dispatchable).forEach(e -> rows.putIfAbsent(e.deviceId(), e));
        }
        return rows;
    }

    /** Whether no queued device can be acting on a desired goal (only offline ones are given goals). */
    private static boolean noQueuedTakesGoals(Tally tally) {
        return tally.queueReasons().getOrDefault(QueueReason.OFFLINE, 0L) == 0;
    }

    /** What the operation asks of each device, for checking success reports against it; null if unreadable. */
    private static dev.fleetops.contract.ActionRequest target(StoredRollout stored, Action<?, ?> action) {
        return action.parse(stored.actionPayload(), false)
                        instanceof dev.fleetops.contract.Parsed.Valid<? extends dev.fleetops.contract.ActionRequest> v
                ? v.value()
                : null;
    }

    /** The event for devices that went back to the queue because the hub failed, if any did. */
    private static java.util.Optional<RolloutEvent> hubWait(List<DeviceExecution> results) {
        List<DeviceExecution> waiting = results.stream()
                .filter(e -> e.queueReason() == QueueReason.HUB_UNAVAILABLE && e.state() == ExecutionState.QUEUED)
                .toList();
        if (waiting.isEmpty()) {
            return java.util.Optional.empty();
        }
        String cause = waiting.get(0).error() == null
                ? "hub unavailable"
                : waiting.get(0).error().message();
        return java.util.Optional.of(new RolloutEvent.HubUnavailable(cause, waiting.size()));
    }
}
