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
 * Sends one tick's dispatch intents and turns each answer into the device's next row ({@link RolloutEngine#applyDispatch}):
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

    private final RolloutStore store;
    private final MethodInvoker methods;
    private final DesiredWriter desired;
    private final Clock clock;
    private final ExecutorService dispatchPool;
    private final DispatchPacer pacer;
    private final DispatchWindow window;
    private final Duration dispatchBudget;
    private final PackageLinks links;

    Dispatcher(
            RolloutStore store,
            MethodInvoker methods,
            DesiredWriter desired,
            Clock clock,
            ExecutorService dispatchPool,
            DispatchPacer pacer,
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
        Instant linkExpiry =
                now.plus(ReadLinkLifetime.forTimeout(r.rollout().config().perDeviceTimeout()));
        // Signed before anything is sent: when storage cannot sign, no call goes out and every device goes back to
        // the queue as it was (as when the tick runs out of time), to be tried on a later tick.
        java.util.Optional<String> link;
        List<String> deviceLinks = new ArrayList<>();
        try {
            link = packageLink(r.actionPayload(), intents.size(), linkExpiry);
            if (link.isPresent()) {
                deviceLinks.add(link.get());
                String plain = r.actionPayload().get(PACKAGE_URI).getAsString();
                for (int i = 1; i < intents.size(); i++) {
                    deviceLinks.add(links.readLink(plain, linkExpiry).orElseThrow());
                }
            }
        } catch (RuntimeException e) {
            DispatchResult notSent = new DispatchResult.NotSent(
                    "no package link: " + e.getClass().getSimpleName());
            return intents.stream()
                    .map(intent -> RolloutEngine.applyDispatch(
                            intent, notSent, r.rollout().config(), now))
                    .toList();
        }
        Instant goalUntil = goalExpiry(r, now);
        // A goal never outlives its link: a device that connects after both expired ignores the goal, and the next
        // offline retry of the operation sends it (or writes it again) with a fresh link.
        String goalExpiry =
                Timestamps.format(link.isPresent() && linkExpiry.isBefore(goalUntil) ? linkExpiry : goalUntil);
        DispatchGate gate = new DispatchGate(store, r, clock, now.plus(dispatchBudget));
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
                continue;
            }
            JsonObject payload = r.actionPayload().deepCopy();
            payload.addProperty(
                    "operationId", RolloutEngine.attemptOperationId(r.rollout().id(), intent.attempt()));
            if (link.isPresent()) {
                payload.addProperty(PACKAGE_URI, deviceLinks.get(calls.size()));
            }
            Future<DispatchResult> call;
            try {
                call = dispatchPool.submit(() -> {
                    try {
                        java.util.Optional<String> stop = gate.stopReason();
                        if (stop.isPresent()) {
                            return new DispatchResult.NotSent(stop.get());
                        }
                        MethodCallResult result =
                                invokePaced(deviceId, action.methodName(), payload, sent, throttled, hubDown);
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
                        window.release();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                window.release();
                call = java.util.concurrent.CompletableFuture.completedFuture(
                        new DispatchResult.NotSent("dispatch pool refused the call"));
            }
            calls.add(Map.entry(intent, call));
        }
        List<DeviceExecution> results = new ArrayList<>();
        for (Map.Entry<DispatchIntent, Future<DispatchResult>> call : calls) {
            DispatchResult result;
            try {
                result = call.getValue().get();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                result = new DispatchResult.NoAnswer();
            } catch (java.util.concurrent.ExecutionException ex) {
                // The adapter failed without an answer, perhaps after the hub delivered the request: the
                // device may be working on it, so it is tracked and the timeout decides; sending it again
                // now could run it twice.
                result = new DispatchResult.NoAnswer();
            }
            results.add(RolloutEngine.applyDispatch(
                    call.getKey(), result, r.rollout().config(), now));
        }
        return results;
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
            AtomicReference<HubFailure> hubDown)
            throws InterruptedException {
        MethodCallResult result = null;
        for (int i = 0; i < THROTTLED_TRIES; i++) {
            pacer.acquire();
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
