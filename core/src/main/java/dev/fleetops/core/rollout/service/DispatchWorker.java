package dev.fleetops.core.rollout.service;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.core.firmware.PackageLinks;
import dev.fleetops.core.hub.DesiredWriter;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodInvoker;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.DispatchResult;
import dev.fleetops.core.rollout.RolloutEngine;
import dev.fleetops.core.rollout.RolloutState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls the devices of one {@link DispatchBatch} (a queue message a tick sent) and keeps their answers for the
 * operation's next tick ({@link RolloutStore#appendAnswers}). Runs in queue-triggered functions on as many instances
 * as the platform starts; the {@link SharedPacer} keeps their calls together below the hub's limit. Each call is made
 * as a tick's own dispatch makes it ({@link Dispatcher#callOne}: the gate, the pacer, a goal for an offline device),
 * and the device's next row is decided as there ({@link RolloutEngine#applyDispatch}). The worker never writes a
 * device's row: the tick does, where the row is still the intent, so the operation's counts stay exact.
 *
 * <p>A message delivered again (its first run failed, or the platform lost its lease) may name devices a tick already
 * settled: those whose row is no longer the intent are skipped, so no call is repeated after its answer was saved. A
 * device called twice before its answer was saved sees the same attempt twice, which it treats as a duplicate.
 */
public final class DispatchWorker {
    /** A call that takes longer than this is given up as unanswered (the hub's own timeouts end calls far sooner). */
    static final Duration CALL_BOUND = Duration.ofMinutes(5);

    /**
     * What one message did.
     *
     * @param devices  devices in the message
     * @param skipped  of those, already settled (a message delivered again) or of an operation that no longer exists
     * @param calls    calls sent, retries after 429 included
     * @param notSent  devices not called (operation paused or canceled, past {@code sendBy}, hub down)
     */
    public record Report(String operationId, int devices, int skipped, int calls, int throttled, int notSent) {}

    private final RolloutStore store;
    private final Dispatcher calls;
    private final Clock clock;
    private final ExecutorService pool;
    private final DispatchWindow window;

    /**
     * @param pool   runs the calls; a cached pool (the window bounds how many run at once)
     * @param pacer  the hub-wide pacer ({@link SharedPacer})
     * @param window how many calls this instance keeps in flight
     */
    public DispatchWorker(
            RolloutStore store,
            MethodInvoker methods,
            DesiredWriter desired,
            Clock clock,
            ExecutorService pool,
            MethodPacer pacer,
            DispatchWindow window) {
        this.store = store;
        this.clock = clock;
        this.pool = pool;
        this.window = window;
        this.calls =
                new Dispatcher(store, methods, desired, clock, pool, pacer, window, Duration.ZERO, PackageLinks.NONE);
    }

    /**
     * @param redelivered whether the platform delivered this message before (its dequeue count is above 1)
     */
    public Report handle(DispatchBatch batch, boolean redelivered) {
        String id = batch.operationId();
        Optional<StoredRollout> found = store.get(id);
        if (found.isEmpty()) {
            return new Report(id, batch.items().size(), batch.items().size(), 0, 0, 0);
        }
        StoredRollout stored = found.get();
        List<DispatchBatch.Item> items = redelivered ? unsettled(id, batch.items()) : batch.items();
        Action<?, ?> action = Action.fromMethodName(stored.action()).orElseThrow();
        DispatchGate gate = new DispatchGate(store, stored, clock, batch.sendBy());
        Optional<String> stop = stored.rollout().state() == RolloutState.RUNNING
                ? gate.stopReason()
                : Optional.of("the operation is " + stored.rollout().state().wireName());
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        AtomicReference<HubFailure> hubDown = new AtomicReference<>();
        List<Future<DispatchResult>> running = new ArrayList<>();
        List<AtomicBoolean> goals = new ArrayList<>();
        for (DispatchBatch.Item item : items) {
            AtomicBoolean goal = new AtomicBoolean();
            goals.add(goal);
            if (stop.isPresent()) {
                running.add(
                        java.util.concurrent.CompletableFuture.completedFuture(new DispatchResult.NotSent(stop.get())));
                continue;
            }
            running.add(submit(stored, action, batch, item, gate, sent, throttled, hubDown, goal));
        }
        List<DispatchAnswer> answers = new ArrayList<>();
        int notSent = 0;
        for (int i = 0; i < items.size(); i++) {
            DispatchResult result = answer(running.get(i));
            notSent +=
                    result instanceof DispatchResult.NotSent || result instanceof DispatchResult.HubUnavailable ? 1 : 0;
            DeviceExecution next = RolloutEngine.applyDispatch(
                    items.get(i).intent(), result, stored.rollout().config(), clock.instant());
            answers.add(new DispatchAnswer(
                    items.get(i).intent().execution(), next, goals.get(i).get()));
        }
        if (!answers.isEmpty()) {
            store.appendAnswers(id, answers);
        }
        return new Report(
                id, batch.items().size(), batch.items().size() - items.size(), sent.get(), throttled.get(), notSent);
    }

    private Future<DispatchResult> submit(
            StoredRollout stored,
            Action<?, ?> action,
            DispatchBatch batch,
            DispatchBatch.Item item,
            DispatchGate gate,
            AtomicInteger sent,
            AtomicInteger throttled,
            AtomicReference<HubFailure> hubDown,
            AtomicBoolean goal) {
        try {
            window.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new DispatchResult.NotSent("dispatch interrupted"));
        }
        JsonObject payload = Dispatcher.payload(stored, item.intent().attempt(), item.packageUri());
        try {
            return pool.submit(() -> calls.callOne(
                    item.intent().deviceId(),
                    action,
                    payload,
                    batch.goalExpiry(),
                    gate,
                    sent,
                    throttled,
                    hubDown,
                    goal,
                    () -> {}));
        } catch (RejectedExecutionException e) {
            window.release();
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new DispatchResult.NotSent("dispatch pool refused the call"));
        }
    }

    /** The items whose device row is still their intent. */
    private List<DispatchBatch.Item> unsettled(String id, List<DispatchBatch.Item> items) {
        Map<String, DeviceExecution> current = new HashMap<>();
        store.executions(id, items.stream().map(i -> i.intent().deviceId()).toList())
                .forEach(e -> current.put(e.deviceId(), e));
        return items.stream()
                .filter(i ->
                        i.intent().execution().equals(current.get(i.intent().deviceId())))
                .toList();
    }

    private static DispatchResult answer(Future<DispatchResult> call) {
        try {
            return call.get(CALL_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DispatchResult.NoAnswer();
        } catch (ExecutionException | TimeoutException e) {
            // As in a tick's dispatch: the request may have reached the device, so it is tracked and its timeout
            // decides.
            return new DispatchResult.NoAnswer();
        }
    }

    /**
     * How long after a tick its messages' calls may still go out: long enough for a backlog to drain at the hub's rate
     * while the platform adds instances, short enough that a worker ends well within the host's {@code functionTimeout}
     * (5 minutes in host.json) and never acts on an intent minutes old. Calls not made by then put their devices back
     * in the queue, unchanged, for a later tick.
     */
    static final Duration SEND_WINDOW = Duration.ofMinutes(3);

    /** When a message's calls may no longer go out. */
    static Instant sendBy(Instant now) {
        return now.plus(SEND_WINDOW);
    }
}
