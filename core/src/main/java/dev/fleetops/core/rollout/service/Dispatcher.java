package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.firmware.PackageLinks;
import dev.fleetops.core.firmware.ReadLinkLifetime;
import dev.fleetops.core.hub.DesiredWriter;
import dev.fleetops.core.hub.DeviceReply;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import dev.fleetops.core.hub.MethodInvoker;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.DispatchIntent;
import dev.fleetops.core.rollout.DispatchResult;
import dev.fleetops.core.rollout.RolloutConfig;
import dev.fleetops.core.rollout.RolloutEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one tick's dispatch intents and turns each answer into the device's next row ({@link RolloutEngine#applyDispatch};
 * answers that come after the tick's budget are kept for the operation's next tick, {@link #takeLate}):
 * calls in parallel on the dispatch pool, as many in flight as the {@link DispatchWindow} allows (wide enough for the
 * hub's rate at the devices' latency), paced below the hub's method throttle ({@link DispatchPacer}), each one
 * first asking the {@link DispatchGate} (time budget, operator pause or cancel), the whole dispatch ending at the first
 * hub-side failure, and a desired-property goal left for a device that is offline.
 */
final class Dispatcher {
    /** The goal member a device compares with its clock before acting on a goal (device-app DesiredConvergence). */
    public static final String GOAL_EXPIRES_AT = "expiresAt";

    /** How long a goal of an operation without a deadline stays valid after it was (last) written. */
    static final Duration GOAL_LIFETIME = Duration.ofDays(7);

    /** The payload member a catalog package's link replaces. */
    static final String PACKAGE_URI = "packageUri";

    /** How often one device's call is retried within a tick when the hub answers 429. */
    static final int THROTTLED_TRIES = 3;

    /**
     * How long devices wait after a hub-side failure when the hub did not say (no Retry-After): short, so
     * the next tick probes again; the tick interval is the real backoff, and a tick sends at most one
     * batch of calls into an outage before it stops.
     */
    static final Duration HUB_RETRY = Duration.ofSeconds(5);

    /**
     * Calls a tick left running when its budget ended, per operation. The tick does not wait for them: the next tick
     * of the operation in this process saves their answers ({@link #takeLate}), so sending does not stop between
     * ticks while the last calls of one are answered. If the process ends first, the devices' rows stay in progress
     * and their reports or their timeouts decide, as after a crash.
     */
    private final Map<String, List<Late>> late = new java.util.concurrent.ConcurrentHashMap<>();

    private record Late(
            DispatchIntent intent, Future<DispatchResult> call, RolloutConfig cfg, AtomicBoolean goalWritten) {}

    /**
     * Answers to earlier ticks' calls that arrived since, as the devices' next rows.
     *
     * @param intents      the rows the calls were sent for (the dispatch intents as saved), by device id
     * @param results      the rows the answers make ({@link RolloutEngine#applyDispatch})
     * @param goalWritten  whether a call wrote a desired-property goal
     */
    record LateAnswers(Map<String, DeviceExecution> intents, List<DeviceExecution> results, boolean goalWritten) {
        static final LateAnswers NONE = new LateAnswers(Map.of(), List.of(), false);
    }

    /** Takes the answered calls of earlier ticks of {@code operationId}; calls still running stay for a later tick. */
    LateAnswers takeLate(String operationId) {
        List<Late> calls = late.get(operationId);
        if (calls == null) {
            return LateAnswers.NONE;
        }
        Map<String, DeviceExecution> intents = new java.util.LinkedHashMap<>();
        List<DeviceExecution> results = new ArrayList<>();
        boolean goal = false;
        synchronized (calls) {
            for (java.util.Iterator<Late> it = calls.iterator(); it.hasNext(); ) {
                Late l = it.next();
                if (!l.call().isDone()) {
                    continue;
                }
                it.remove();
                intents.put(l.intent().deviceId(), l.intent().execution());
                results.add(RolloutEngine.applyDispatch(l.intent(), answer(l.call()), l.cfg(), clock.instant()));
                goal |= l.goalWritten().get();
            }
            if (calls.isEmpty()) {
                late.remove(operationId, calls);
            }
        }
        return results.isEmpty() ? LateAnswers.NONE : new LateAnswers(intents, results, goal);
    }

    /** Calls of {@code operationId} sent by earlier ticks and not answered yet. */
    int stillRunning(String operationId) {
        List<Late> calls = late.get(operationId);
        if (calls == null) {
            return 0;
        }
        synchronized (calls) {
            return (int) calls.stream().filter(l -> !l.call().isDone()).count();
        }
    }

    /**
     * How much sending a paced tick leaves running when it returns: about what the next tick needs to read, plan and
     * save its intents, after this one saved its answers (3-4 s on Azurite at 950 devices a tick), so the next tick's first call queues behind the last
     * of this one instead of after a gap.
     */
    static final Duration HANDOVER = Duration.ofSeconds(5);

    private static final Duration HANDOVER_POLL = Duration.ofMillis(20);

    /** How long a tick waits for answers at least: a budget of milliseconds (a tiny rate) still takes quick answers. */
    static final Duration MIN_WAIT = Duration.ofSeconds(1);

    private final RolloutStore store;
    private final MethodInvoker methods;
    private final DesiredWriter desired;
    private final Clock clock;
    private final ExecutorService dispatchPool;
    private final MethodPacer pacer;
    private final DispatchWindow window;
    private final Duration dispatchBudget;
    private final PackageLinks links;

    Dispatcher(
            RolloutStore store,
            MethodInvoker methods,
            DesiredWriter desired,
            Clock clock,
            ExecutorService dispatchPool,
            MethodPacer pacer,
            DispatchWindow window,
            Duration dispatchBudget,
            PackageLinks links) {
        this.links = links;
        this.window = window;
        this.store = store;
        this.methods = methods;
        this.desired = desired;
        this.clock = clock;
        this.dispatchPool = dispatchPool;
        this.pacer = pacer;
        this.dispatchBudget = dispatchBudget;
    }

    /**
     * When a goal stops being valid: the operation's deadline, or {@link #GOAL_LIFETIME} from now (each offline
     * retry writes it again, so a goal of a running operation stays valid). The device refuses an expired goal;
     * the sweep at the end of the operation removes it anyway.
     */
    static Instant goalExpiry(StoredRollout r, Instant now) {
        Instant deadline = r.rollout().config().deadline();
        Instant lifetime = now.plus(GOAL_LIFETIME);
        return deadline != null && deadline.isBefore(lifetime) ? deadline : lifetime;
    }

    List<DeviceExecution> dispatch(
            StoredRollout r,
            Action<?, ?> action,
            List<DispatchIntent> intents,
            Instant now,
            AtomicInteger sent,
            AtomicInteger throttled,
            AtomicBoolean goalWritten) {
        long startedNanos = System.nanoTime();
        Prepared prepared;
        try {
            prepared = prepare(r, intents.size(), now);
        } catch (RuntimeException e) {
            return notSent(r, intents, e, now);
        }
        String goalExpiry = prepared.goalExpiry();
        // The budget counts from here, not from the tick's start: planning and saving the intents took some of it.
        DispatchGate gate = new DispatchGate(store, r, clock, clock.instant().plus(dispatchBudget));
        // Counted down as each call passes the pacer (or is not sent): once all have, the tick is done sending.
        java.util.concurrent.CountDownLatch leaving = new java.util.concurrent.CountDownLatch(intents.size());
        List<Map.Entry<DispatchIntent, Future<DispatchResult>>> calls = new ArrayList<>();
        // The first hub-side failure ends this tick's dispatch: calls not yet sent are not sent, and their
        // devices go back to the queue with the others, without using an attempt.
        AtomicReference<HubFailure> hubDown = new AtomicReference<>();
        for (DispatchIntent intent : intents) {
            String deviceId = intent.deviceId();
            // At most the window's calls in flight: the pool has a thread for each, and no more are started.
            try {
                window.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                calls.add(Map.entry(
                        intent,
                        java.util.concurrent.CompletableFuture.completedFuture(
                                new DispatchResult.NotSent("dispatch interrupted"))));
                leaving.countDown();
                continue;
            }
            JsonObject payload = payload(r, intent.attempt(), prepared.link(calls.size()));
            Future<DispatchResult> call;
            try {
                AtomicBoolean left = new AtomicBoolean();
                Runnable sending = () -> {
                    if (left.compareAndSet(false, true)) {
                        leaving.countDown();
                    }
                };
                call = dispatchPool.submit(() -> callOne(
                        deviceId, action, payload, goalExpiry, gate, sent, throttled, hubDown, goalWritten, sending));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                window.release();
                leaving.countDown();
                call = java.util.concurrent.CompletableFuture.completedFuture(
                        new DispatchResult.NotSent("dispatch pool refused the call"));
            }
            calls.add(Map.entry(intent, call));
        }
        // The tick is done sending when all but the handover's calls passed the pacer: the rest go out while the next
        // tick plans and saves, so the pacer does not idle between ticks. Their answers, and any other not in yet (up
        // to a device's latency), are saved by the next tick; only answers in by then, or within MIN_WAIT, by this one.
        long waitUntil = startedNanos + dispatchBudget.toNanos();
        int handover = pacer.callsIn(HANDOVER) == Integer.MAX_VALUE ? 0 : pacer.callsIn(HANDOVER);
        try {
            while (leaving.getCount() > handover && System.nanoTime() < waitUntil) {
                leaving.await(HANDOVER_POLL.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long quickAnswers = startedNanos + MIN_WAIT.toNanos();
        List<DeviceExecution> results = new ArrayList<>();
        List<Late> unanswered = new ArrayList<>();
        for (Map.Entry<DispatchIntent, Future<DispatchResult>> call : calls) {
            if (!call.getValue().isDone()) {
                try {
                    call.getValue()
                            .get(
                                    Math.max(0, quickAnswers - System.nanoTime()),
                                    java.util.concurrent.TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    unanswered.add(
                            new Late(call.getKey(), call.getValue(), r.rollout().config(), goalWritten));
                    continue;
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException ex) {
                    // answer() below says what it means
                }
            }
            results.add(RolloutEngine.applyDispatch(
                    call.getKey(), answer(call.getValue()), r.rollout().config(), now));
        }
        if (!unanswered.isEmpty()) {
            List<Late> pending = late.computeIfAbsent(r.rollout().id(), k -> new ArrayList<>());
            synchronized (pending) {
                pending.addAll(unanswered);
            }
        }
        return results;
    }

    /**
     * What every call of a dispatch shares: a read link per device for a catalog package (signed before anything is
     * sent), and when a goal written for an offline device stops being valid.
     *
     * @param links      the devices' package links in dispatch order; empty when the payload names no catalog package
     * @param goalExpiry the goal's {@link #GOAL_EXPIRES_AT}
     */
    record Prepared(List<String> links, String goalExpiry) {
        String link(int i) {
            return links.isEmpty() ? null : links.get(i);
        }
    }

    /** @throws RuntimeException when storage cannot sign a link: then no call of the dispatch may go out */
    Prepared prepare(StoredRollout r, int devices, Instant now) {
        Instant linkExpiry =
                now.plus(ReadLinkLifetime.forTimeout(r.rollout().config().perDeviceTimeout()));
        java.util.Optional<String> link = packageLink(r.actionPayload(), devices, linkExpiry);
        List<String> deviceLinks = new ArrayList<>();
        if (link.isPresent()) {
            deviceLinks.add(link.get());
            String plain = r.actionPayload().get(PACKAGE_URI).getAsString();
            for (int i = 1; i < devices; i++) {
                deviceLinks.add(links.readLink(plain, linkExpiry).orElseThrow());
            }
        }
        Instant goalUntil = goalExpiry(r, now);
        // A goal never outlives its link: a device that connects after both expired ignores the goal, and the next
        // offline retry of the operation sends it (or writes it again) with a fresh link.
        String goalExpiry =
                Timestamps.format(link.isPresent() && linkExpiry.isBefore(goalUntil) ? linkExpiry : goalUntil);
        return new Prepared(deviceLinks, goalExpiry);
    }

    /**
     * Signed before anything is sent: when storage cannot sign, no call goes out and every device goes back to the
     * queue as it was (as when the tick runs out of time), to be tried on a later tick.
     */
    static List<DeviceExecution> notSent(
            StoredRollout r, List<DispatchIntent> intents, RuntimeException e, Instant now) {
        DispatchResult notSent =
                new DispatchResult.NotSent("no package link: " + e.getClass().getSimpleName());
        return intents.stream()
                .map(intent ->
                        RolloutEngine.applyDispatch(intent, notSent, r.rollout().config(), now))
                .toList();
    }

    /** The request one device is sent: the operation's payload, its attempt's operation id, its own package link. */
    static JsonObject payload(StoredRollout r, int attempt, String link) {
        JsonObject payload = r.actionPayload().deepCopy();
        payload.addProperty(
                "operationId", RolloutEngine.attemptOperationId(r.rollout().id(), attempt));
        if (link != null) {
            payload.addProperty(PACKAGE_URI, link);
        }
        return payload;
    }

    /**
     * One device's call: asks the gate, waits for the pacer, calls, writes a desired-property goal when the device is
     * offline and the action has one, and says what the answer means for the rollout.
     */
    DispatchResult callOne(
            String deviceId,
            Action<?, ?> action,
            JsonObject payload,
            String goalExpiry,
            DispatchGate gate,
            AtomicInteger sent,
            AtomicInteger throttled,
            AtomicReference<HubFailure> hubDown,
            AtomicBoolean goalWritten,
            Runnable sending)
            throws InterruptedException {
        try {
            java.util.Optional<String> stop = gate.stopReason();
            if (stop.isPresent()) {
                return new DispatchResult.NotSent(stop.get());
            }
            MethodCallResult result =
                    invokePaced(deviceId, action.methodName(), payload, sent, throttled, hubDown, sending);
            if (result instanceof HubFailure f
                    && f.kind() == HubFailure.Kind.DEVICE_OFFLINE
                    && action.desiredGoal().isPresent()) {
                JsonObject value = payload.deepCopy();
                value.addProperty(GOAL_EXPIRES_AT, goalExpiry);
                JsonObject goal = new JsonObject();
                goal.add(action.desiredGoal().get(), value);
                if (desired.patchDesired(deviceId, goal).isEmpty()) {
                    goalWritten.set(true);
                }
            }
            return toDispatchResult(result);
        } finally {
            sending.run();
            window.release();
        }
    }

    /** The answer of a finished call. */
    private static DispatchResult answer(Future<DispatchResult> call) {
        try {
            return call.get(0, java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new DispatchResult.NoAnswer();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
            // The adapter failed without an answer, perhaps after the hub delivered the request: the
            // device may be working on it, so it is tracked and the timeout decides; sending it again
            // now could run it twice.
            return new DispatchResult.NoAnswer();
        }
    }

    /**
     * A read link for the payload's package when it is a catalog package ({@link PackageLinks}); empty for any other
     * URI, or when there is nothing to send. Each device then gets its own link ({@code readLink} per device): links
     * are cheap to sign, and one that leaks from a device names only that device's dispatch window.
     */
    private java.util.Optional<String> packageLink(JsonObject payload, int devices, Instant expiresAt) {
        if (devices == 0 || !(payload.get(PACKAGE_URI) instanceof com.google.gson.JsonPrimitive p) || !p.isString()) {
            return java.util.Optional.empty();
        }
        return links.readLink(p.getAsString(), expiresAt);
    }

    /**
     * One device's call, paced below the hub's method throttle. A 429 means the hub did not deliver the
     * request, so sending it again in the same tick cannot run it twice; after {@link #THROTTLED_TRIES}
     * the device goes back to the queue.
     */
    private MethodCallResult invokePaced(
            String deviceId,
            String method,
            JsonElement payload,
            AtomicInteger sent,
            AtomicInteger throttled,
            AtomicReference<HubFailure> hubDown,
            Runnable sending)
            throws InterruptedException {
        MethodCallResult result = null;
        for (int i = 0; i < THROTTLED_TRIES; i++) {
            pacer.acquire();
            sending.run();
            if (hubDown.get() != null) {
                return hubDown.get();
            }
            sent.incrementAndGet();
            long started = System.nanoTime();
            result = methods.invoke(deviceId, method, payload);
            window.observe(Duration.ofNanos(System.nanoTime() - started));
            if (result instanceof HubFailure f && isHubSide(f)) {
                hubDown.compareAndSet(null, f);
                return result;
            }
            if (!(result instanceof HubFailure f && f.kind() == HubFailure.Kind.THROTTLED)) {
                pacer.succeeded();
                return result;
            }
            throttled.incrementAndGet();
            pacer.throttled(f.retryAfter());
        }
        return result;
    }

    /** How a direct-method outcome counts for the rollout; the device's answer is read by {@link DeviceReply}. */
    static DispatchResult toDispatchResult(MethodCallResult result) {
        if (result instanceof MethodAnswer a) {
            DeviceReply reply = DeviceReply.of(a);
            if (reply instanceof DeviceReply.Current) {
                return new DispatchResult.AlreadyDone();
            }
            if (reply instanceof DeviceReply.Refused r) {
                return new DispatchResult.Rejected(
                        r.message().isEmpty() ? "device answered " + r.status() : r.message());
            }
            if (reply instanceof DeviceReply.Failed f) {
                return new DispatchResult.Error("device answered " + f.status() + ": " + f.message());
            }
            // Accepted or a duplicate of this attempt: the device works on it either way, so track it.
            return new DispatchResult.Accepted();
        }
        HubFailure f = (HubFailure) result;
        return switch (f.kind()) {
            case DEVICE_OFFLINE -> new DispatchResult.Offline();
            case DEVICE_TIMEOUT -> new DispatchResult.NoAnswer();
            case THROTTLED ->
                new DispatchResult.Throttled(f.retryAfter() == null ? Duration.ofSeconds(10) : f.retryAfter());
            case DEVICE_NOT_FOUND -> new DispatchResult.Removed();
            case UNAVAILABLE, UNAUTHORIZED ->
                new DispatchResult.HubUnavailable(
                        f.kind() + (f.message().isEmpty() ? "" : ": " + f.message()),
                        f.retryAfter() == null ? HUB_RETRY : f.retryAfter());
            default -> new DispatchResult.Error(f.kind() + ": " + f.message());
        };
    }

    /**
     * Failures of the hub or of FleetOps' access to it, not of the device: 5xx, a call that got no HTTP
     * answer, FleetOps' own credentials refused. (A 504101 is the hub's answer that the device was silent.)
     */
    static boolean isHubSide(HubFailure f) {
        return f.kind() == HubFailure.Kind.UNAVAILABLE || f.kind() == HubFailure.Kind.UNAUTHORIZED;
    }
}
