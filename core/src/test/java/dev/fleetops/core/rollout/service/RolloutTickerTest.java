package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import dev.fleetops.core.hub.MethodInvoker;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ticker's bookkeeping: intents before dispatch, etag guards, observations from twins. */
class RolloutTickerTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    /** Twins as the hub would return them, keyed by device id. */
    private final Map<String, JsonObject> twins = new HashMap<>();

    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ProgressTwins hubQueries = new ProgressTwins(twins);
    private TwinQueries queries = hubQueries;
    private MethodInvoker methods = (deviceId, method, payload) -> {
        sent.add(deviceId + " " + payload.getAsJsonObject().get("operationId").getAsString());
        return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
    };

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private RolloutTicker ticker() {
        return new RolloutTicker(
                store, (q, m) -> queries.query(q, m), (d, m, p) -> methods.invoke(d, m, p), clock, pool);
    }

    private String create(String devicesJson) {
        return created("{\"action\":\"reboot\",\"target\":{\"deviceIds\":" + devicesJson + "},"
                + "\"deviceTimeoutMinutes\":5,\"retry\":{\"maxRetries\":1,\"backoffSeconds\":10}}");
    }

    /** Creates the operation {@code body} describes; it must be accepted. */
    private String created(String body) {
        return assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        new RolloutService(store, clock).create(StrictJson.parseObject(body), null, "test"))
                .rollout()
                .rollout()
                .id();
    }

    private void report(String deviceId, String operationId, String status) {
        twins.put(
                deviceId,
                StrictJson.parseObject("{\"deviceId\":\"" + deviceId + "\",\"properties\":{\"reported\":{\"iothubDM\":"
                        + "{\"reboot\":{\"status\":\"" + status + "\",\"operationId\":\"" + operationId
                        + "\",\"updatedAt\":\""
                        + dev.fleetops.contract.Timestamps.format(clock.instant()) + "\"}}}}}"));
    }

    private ExecutionState state(String id, String deviceId) {
        return store.executions(id).stream()
                .filter(e -> e.deviceId().equals(deviceId))
                .findFirst()
                .orElseThrow()
                .state();
    }

    @Test
    void devicesAreDispatchedWithAttemptIdsAndFinishFromTheirTwins() {
        String id = create("[\"a\",\"b\"]");
        ticker().tick(id);
        assertEquals(
                List.of("a " + id + ".a1", "b " + id + ".a1"),
                sent.stream().sorted().toList());
        assertEquals(ExecutionState.IN_PROGRESS, state(id, "a"));
        report("a", id + ".a1", "completed");
        report("b", id + ".a1", "failed");
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);
        assertEquals(ExecutionState.SUCCEEDED, state(id, "a"));
        assertEquals(ExecutionState.QUEUED, state(id, "b"), "one retry allowed");
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);
        assertTrue(sent.contains("b " + id + ".a2"), "the retry carries a new attempt id: " + sent);
        report("b", id + ".a2", "completed");
        ticker().tick(id);
        assertEquals("COMPLETED", store.get(id).orElseThrow().rollout().state().name());
        assertTrue(store.auditTrail(id).stream().anyMatch(e -> e.event().startsWith("completed")));
    }

    @Test
    void theOperationIsAsFreshAsItsNewestDeviceResult() {
        String id = create("[\"a\",\"b\",\"c\"]");
        ticker().tick(id);
        assertEquals("RUNNING", store.get(id).orElseThrow().rollout().state().name());
        // A report taken later changes one device and not the operation's state: the operation moves with it.
        clock.advance(Duration.ofMinutes(2));
        report("a", id + ".a1", "completed");
        ticker().tick(id);
        Instant reported = clock.instant();
        assertEquals(ExecutionState.SUCCEEDED, state(id, "a"));
        assertEquals("RUNNING", store.get(id).orElseThrow().rollout().state().name());
        Instant newestDevice = store.executions(id).stream()
                .map(dev.fleetops.core.rollout.DeviceExecution::updatedAt)
                .max(Instant::compareTo)
                .orElseThrow();
        assertEquals(reported, newestDevice);
        assertEquals(newestDevice, store.get(id).orElseThrow().rollout().updatedAt());
        assertEquals(
                reported.toString(),
                RolloutSummary.of(store.get(id).orElseThrow(), store.executions(id), reported)
                        .updatedAt());
        // A tick that changes nothing does not move it.
        clock.advance(Duration.ofSeconds(20));
        ticker().tick(id);
        assertEquals(reported, store.get(id).orElseThrow().rollout().updatedAt());
    }

    private String createWithAbort(int devices) {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < devices; i++) {
            ids.append(i == 0 ? "" : ",").append("\"d").append(i).append("\"");
        }
        return created("{\"action\":\"reboot\",\"target\":{\"deviceIds\":[" + ids + "]},"
                + "\"abort\":[{\"failureType\":\"ALL\",\"minFinished\":1,\"thresholdPercent\":10}]}");
    }

    @Test
    void aHubOutageIsNotADeviceFailureItRequeuesWithoutAnAttemptAndEndsTheDispatch() {
        String id = createWithAbort(12);
        methods = (d, m, p) -> {
            sent.add(d);
            return HubFailure.of(HubFailure.Kind.UNAVAILABLE, "503 service unavailable");
        };
        RolloutTicker.TickReport report = ticker().tick(id);
        assertEquals("RUNNING", store.get(id).orElseThrow().rollout().state().name(), "no abort for an outage");
        assertTrue(sent.size() <= 4, "dispatch ends at the first hub failure (4 calls in flight at most): " + sent);
        for (var e : store.executions(id)) {
            assertEquals(ExecutionState.QUEUED, e.state(), e.toString());
            assertEquals(dev.fleetops.core.rollout.QueueReason.HUB_UNAVAILABLE, e.queueReason(), e.toString());
            assertEquals(0, e.attempt(), "no attempt used: " + e);
        }
        assertTrue(
                report.events().stream()
                        .anyMatch(ev -> ev instanceof dev.fleetops.core.rollout.RolloutEvent.HubUnavailable),
                report.events().toString());
        assertTrue(store.auditTrail(id).stream().anyMatch(a -> a.event().startsWith("waiting for the hub")));
        RolloutSummary summary = RolloutSummary.of(store.get(id).orElseThrow(), store.executions(id), clock.instant());
        assertEquals(
                12L,
                summary.queueReasons().get("hubUnavailable"),
                summary.queueReasons().toString());

        // Same for FleetOps' own credentials being refused.
        methods = (d, m, p) -> HubFailure.of(HubFailure.Kind.UNAUTHORIZED, "401 unauthorized");
        clock.advance(Duration.ofSeconds(31));
        ticker().tick(id);
        assertEquals("RUNNING", store.get(id).orElseThrow().rollout().state().name());

        // The hub is back: devices are sent attempt 1, as if nothing had happened.
        sent.clear();
        methods = (deviceId, method, payload) -> {
            sent.add(deviceId + " "
                    + payload.getAsJsonObject().get("operationId").getAsString());
            return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
        };
        clock.advance(Duration.ofSeconds(31));
        ticker().tick(id);
        assertTrue(sent.contains("d0 " + id + ".a1"), sent.toString());
        assertEquals(12, sent.size(), sent.toString());
    }

    @Test
    void aTickThatFailsForAnyReasonIsRecordedAndTheNextOperationStillTicks() {
        String poisoned = create("[\"a\"]");
        String healthy = create("[\"b\"]");
        RolloutStore failing = new DelegatingStore(store) {
            @Override
            public StoredRollout save(StoredRollout rollout, List<dev.fleetops.core.rollout.DeviceExecution> changed) {
                if (rollout.rollout().id().equals(poisoned)) {
                    throw new IllegalStateException("PropertyValueTooLarge: \n the property value exceeds 32K");
                }
                return super.save(rollout, changed);
            }
        };
        RolloutTicker ticker = new RolloutTicker(
                failing, (q, m) -> queries.query(q, m), (d, m, p) -> methods.invoke(d, m, p), clock, pool);
        List<RolloutTicker.TickReport> reports = ticker.tickAll();
        assertEquals(2, reports.size(), reports.toString());
        assertEquals(ExecutionState.IN_PROGRESS, state(healthy, "b"), "the other operation was ticked");
        RolloutTicker.TickReport failed = reports.stream()
                .filter(r -> r.id().equals(poisoned))
                .findFirst()
                .orElseThrow();
        assertTrue(failed.skipped());
        assertEquals(
                "tick failed: IllegalStateException: PropertyValueTooLarge: the property value exceeds 32K",
                failed.events().get(0).text());
        assertTrue(
                store.auditTrail(poisoned).stream().anyMatch(a -> a.event().startsWith("tick failed")),
                "the operation's trail says why it does not move");
    }

    /** Desired properties as the hub holds them, for the goal tests: device id → desired document. */
    private final class DesiredTwins implements dev.fleetops.core.hub.DesiredWriter {
        final Map<String, JsonObject> desired = new HashMap<>();
        int failRemovals;

        @Override
        public java.util.Optional<HubFailure> patchDesired(String deviceId, JsonObject patch) {
            desired.computeIfAbsent(deviceId, k -> new JsonObject());
            patch.entrySet().forEach(e -> desired.get(deviceId).add(e.getKey(), e.getValue()));
            return java.util.Optional.empty();
        }

        @Override
        public dev.fleetops.core.hub.GoalRemoval removeGoal(
                String deviceId, String property, java.util.function.Predicate<String> owns) {
            JsonObject d = desired.get(deviceId);
            if (d == null
                    || !(d.get(property) instanceof JsonObject goal)
                    || !owns.test(goal.get("operationId").getAsString())) {
                return new dev.fleetops.core.hub.GoalRemoval.NotOurs();
            }
            if (failRemovals > 0) {
                failRemovals--;
                return new dev.fleetops.core.hub.GoalRemoval.Failed(HubFailure.of(HubFailure.Kind.UNAVAILABLE, "503"));
            }
            d.remove(property);
            return new dev.fleetops.core.hub.GoalRemoval.Removed();
        }

        /** The holders query, answered from {@link #desired}. */
        List<JsonObject> holders(String query, String rolloutId) {
            List<JsonObject> rows = new ArrayList<>();
            desired.forEach((device, d) -> {
                if (d.get("firmware") instanceof JsonObject goal
                        && goal.get("operationId").getAsString().startsWith(rolloutId + ".a")) {
                    rows.add(StrictJson.parseObject("{\"deviceId\":\"" + device + "\"}"));
                }
            });
            return rows;
        }
    }

    /**
     * Finding 3 of "rollouts that fail safe": a goal left for an offline device stayed after a cancel, and the
     * device installed the firmware when it came back. Now the goal carries an expiry, and a finished operation
     * removes its goals (retrying failed removals on later ticks) before the timer stops visiting it.
     */
    @Test
    void aCanceledOperationTakesItsGoalsOutOfTheTwinsRetryingUntilDone() {
        RolloutService service = new RolloutService(store, clock);
        String id = assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        service.create(
                                StrictJson.parseObject(
                                        "{\"action\":\"firmwareUpdate\",\"firmware\":{\"version\":\"2.0\","
                                                + "\"packageUri\":\"https://x.example/f?sig=SECRET\",\"sha256\":\""
                                                + "a".repeat(64)
                                                + "\"},\"target\":{\"deviceIds\":[\"a\",\"b\"]}}"),
                                null,
                                "t"))
                .rollout()
                .rollout()
                .id();
        DesiredTwins twinsDesired = new DesiredTwins();
        twinsDesired.desired.put("other", StrictJson.parseObject("{\"firmware\":{\"operationId\":\"someone-else\"}}"));
        methods = (d, m, p) -> new HubFailure(HubFailure.Kind.DEVICE_OFFLINE, 404, 404103, "offline", null);
        RolloutTicker ticker = new RolloutTicker(
                store,
                (q, m) -> q.contains("properties.desired.firmware") ? twinsDesired.holders(q, id) : queries.query(q, m),
                (d, m, p) -> methods.invoke(d, m, p),
                twinsDesired,
                clock,
                pool);
        ticker.tick(id);
        JsonObject goal = twinsDesired.desired.get("a").getAsJsonObject("firmware");
        assertEquals(
                dev.fleetops.contract.Timestamps.format(clock.instant().plus(Dispatcher.GOAL_LIFETIME)),
                goal.get("expiresAt").getAsString(),
                "the goal says until when it is valid");
        assertTrue(store.get(id).orElseThrow().goalsPending());

        assertInstanceOf(
                RolloutControl.Outcome.Done.class,
                new RolloutControl(store, clock).apply(id, RolloutControl.Command.CANCEL, null, "op"));
        twinsDesired.failRemovals = 1;
        ticker.tickAll();
        assertTrue(store.get(id).orElseThrow().goalsPending(), "a failed removal keeps the operation visited");
        assertTrue(store.active().stream().anyMatch(r -> r.rollout().id().equals(id)));

        RolloutTicker.TickReport report = ticker.tickAll().stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow();
        assertEquals(
                List.of("desired firmware goal removed from 1 devices"),
                report.events().stream()
                        .map(dev.fleetops.core.rollout.RolloutEvent::text)
                        .toList());
        assertTrue(twinsDesired.desired.get("a").get("firmware") == null, "a's goal is gone");
        assertTrue(twinsDesired.desired.get("b").get("firmware") == null, "b's goal is gone");
        assertEquals(
                "someone-else",
                twinsDesired
                        .desired
                        .get("other")
                        .getAsJsonObject("firmware")
                        .get("operationId")
                        .getAsString(),
                "another's goal stays");
        assertEquals(false, store.get(id).orElseThrow().goalsPending());
        assertTrue(store.active().stream().noneMatch(r -> r.rollout().id().equals(id)), "no more visits");
    }

    private RolloutTicker oneCallAtATime(ExecutorService single) {
        return new RolloutTicker(
                store,
                (q, m) -> queries.query(q, m),
                (d, m, p) -> methods.invoke(d, m, p),
                dev.fleetops.core.hub.DesiredWriter.NONE,
                clock,
                single,
                DispatchPacer.UNLIMITED,
                Duration.ofSeconds(25));
    }

    /**
     * Finding 4 of "rollouts that fail safe": a pause during a dispatch made the tick lose its results ("changed
     * since it was read") and devices kept being called after the pause. Now calls stop within a second of the
     * pause, the results of calls already made are kept, and the devices not called wait, without an attempt.
     */
    @Test
    void aPauseDuringDispatchStopsFurtherCallsAndKeepsWhatTheCallsDid() {
        String id = createWithAbort(6);
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            methods = (deviceId, method, payload) -> {
                sent.add(deviceId);
                if (sent.size() == 1) {
                    // The operator pauses while the first call is out; a second later the next call is due.
                    assertInstanceOf(
                            RolloutControl.Outcome.Done.class,
                            new RolloutControl(store, clock).apply(id, RolloutControl.Command.PAUSE, null, "op"));
                    clock.advance(Duration.ofSeconds(2));
                }
                return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
            };
            oneCallAtATime(single).tick(id);
        } finally {
            single.shutdownNow();
        }
        assertEquals(1, sent.size(), "no call after the pause took effect: " + sent);
        assertEquals("PAUSED", store.get(id).orElseThrow().rollout().state().name());
        var rows = store.executions(id);
        var called = rows.stream()
                .filter(e -> e.deviceId().equals(sent.get(0)))
                .findFirst()
                .orElseThrow();
        assertEquals(ExecutionState.IN_PROGRESS, called.state(), "the call's result was kept: " + called);
        assertEquals(1, called.attempt());
        for (var e : rows) {
            if (!e.deviceId().equals(sent.get(0))) {
                assertEquals(ExecutionState.QUEUED, e.state(), e.toString());
                assertEquals(0, e.attempt(), "not called, no attempt used: " + e);
            }
        }
    }

    /** The dispatch budget is time: calls still queued when it is spent wait for the next tick. */
    /**
     * Issue 16: devices that take their time no longer cap the dispatch at a fixed pool. With a cached pool the
     * window decides: a paced window keeps all 60 slow calls in flight at once (more than the old 32), and a window of
     * 8 never has more than 8.
     */
    @Test
    void theDispatchWindowNotThePoolBoundsTheCallsInFlight() throws Exception {
        // Each call waits until all 60 have started (at once when the window admits them all), else for a while.
        assertEquals(
                60,
                mostInFlight(
                        DispatchWindow.forPacer(new DispatchPacer(1000, System::nanoTime, n -> {}), 512),
                        Duration.ofSeconds(20)));
        assertEquals(8, mostInFlight(DispatchWindow.fixed(8), Duration.ofMillis(500)));
    }

    private int mostInFlight(DispatchWindow window, Duration wait) throws Exception {
        java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch all = new java.util.concurrent.CountDownLatch(60);
        MethodInvoker slow = (deviceId, method, payload) -> {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            all.countDown();
            try {
                all.await(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            now.decrementAndGet();
            return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
        };
        InMemoryRolloutStore own = new InMemoryRolloutStore();
        StringBuilder ids = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            ids.append(i == 0 ? "" : ",").append("\"w").append(i).append('"');
        }
        RolloutService.CreateOutcome created = new RolloutService(own, clock)
                .create(
                        StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"deviceIds\":" + ids
                                + "]},\"deviceTimeoutMinutes\":5}"),
                        null,
                        "test");
        String id = ((RolloutService.CreateOutcome.Created) created)
                .rollout()
                .rollout()
                .id();
        ExecutorService cached = Executors.newCachedThreadPool();
        try {
            new RolloutTicker(
                            own,
                            (q, m) -> queries.query(q, m),
                            slow,
                            dev.fleetops.core.hub.DesiredWriter.NONE,
                            clock,
                            cached,
                            new DispatchPacer(1000, System::nanoTime, n -> {}),
                            window,
                            RolloutTicker.DEFAULT_DISPATCH_BUDGET,
                            dev.fleetops.core.firmware.PackageLinks.NONE)
                    .tick(id);
        } finally {
            cached.shutdownNow();
        }
        return most.get();
    }

    @Test
    void callsStopWhenTheTicksTimeIsUp() {
        String id = createWithAbort(5);
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            methods = (deviceId, method, payload) -> {
                sent.add(deviceId);
                clock.advance(Duration.ofSeconds(20)); // slow devices
                return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
            };
            oneCallAtATime(single).tick(id);
        } finally {
            single.shutdownNow();
        }
        assertEquals(2, sent.size(), "two 20-second calls fill a 30-second budget: " + sent);
        assertEquals(
                3,
                store.executions(id).stream()
                        .filter(e -> e.state() == ExecutionState.QUEUED && e.attempt() == 0)
                        .count());
    }

    /**
     * Finding 4: the trail was written after the state, so a failure in between left a decision without its line.
     * Now the lines go first: when they cannot be written, the decision is not stored either, and nothing is sent.
     */
    @Test
    void aDecisionIsNeverStoredWithoutItsTrailLines() {
        String id = create("[\"a\"]");
        RolloutStore noTrail = new DelegatingStore(store) {
            @Override
            public void audit(String opId, AuditEvent event) {
                throw new IllegalStateException("audit table unavailable");
            }
        };
        RolloutTicker ticker = new RolloutTicker(
                noTrail, (q, m) -> queries.query(q, m), (d, m, p) -> methods.invoke(d, m, p), clock, pool);
        assertThrows(IllegalStateException.class, () -> ticker.tick(id));
        assertEquals("SCHEDULED", store.get(id).orElseThrow().rollout().state().name(), "the start was not stored");
        assertEquals(List.of(), sent, "nothing was sent");
        assertEquals(ExecutionState.QUEUED, state(id, "a"));

        ticker().tick(id);
        assertTrue(store.auditTrail(id).stream().anyMatch(e -> e.event().equals("started")));
        assertEquals("RUNNING", store.get(id).orElseThrow().rollout().state().name());
    }

    /**
     * Devices still working when an operation aborted kept reading {@code in_progress} forever (a finished operation
     * was never ticked again). Now their reports and timeouts are still taken; nothing is sent or retried.
     */
    @Test
    void devicesStillWorkingWhenTheOperationAbortedFinishAfterwards() {
        String id = createWithAbort(2);
        ticker().tick(id);
        assertEquals(2, sent.size());
        report("d0", id + ".a1", "failed");
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);
        assertEquals("ABORTED", store.get(id).orElseThrow().rollout().state().name());
        assertEquals(ExecutionState.IN_PROGRESS, state(id, "d1"));
        assertTrue(store.active().stream().anyMatch(r -> r.rollout().id().equals(id)), "still visited: d1 works");

        report("d1", id + ".a1", "completed");
        clock.advance(Duration.ofSeconds(30));
        ticker().tickAll();
        assertEquals(ExecutionState.SUCCEEDED, state(id, "d1"), "its report still counts");
        assertEquals("ABORTED", store.get(id).orElseThrow().rollout().state().name(), "the operation stays aborted");
        assertEquals(2, sent.size(), "nothing more was sent");
        assertTrue(store.active().stream().noneMatch(r -> r.rollout().id().equals(id)), "no more visits");
    }

    @Test
    void aCrashBetweenDispatchAndBookkeepingNeverSendsTheSameAttemptTwice() {
        String id = create("[\"a\"]");
        // A store that dies on the save after the dispatch, as a worker killed mid-tick would.
        int[] saves = {0};
        RolloutStore crashing = new DelegatingStore(store) {
            @Override
            public StoredRollout save(StoredRollout rollout, List<dev.fleetops.core.rollout.DeviceExecution> changed) {
                if (++saves[0] == 2) {
                    throw new IllegalStateException("worker killed");
                }
                return super.save(rollout, changed);
            }
        };
        RolloutTicker dying = new RolloutTicker(
                crashing, (q, m) -> queries.query(q, m), (d, m, p) -> methods.invoke(d, m, p), clock, pool);
        assertThrows(IllegalStateException.class, () -> dying.tick(id));
        assertEquals(List.of("a " + id + ".a1"), sent, "the device got attempt 1");
        assertEquals(ExecutionState.IN_PROGRESS, state(id, "a"), "the intent was saved before the call");
        ticker().tick(id);
        assertEquals(1, sent.size(), "the next tick does not send attempt 1 again: " + sent);
        report("a", id + ".a1", "completed");
        ticker().tick(id);
        assertEquals(ExecutionState.SUCCEEDED, state(id, "a"), "the report of the attempt that was sent still counts");
    }

    @Test
    void aDeviceThatNeverGotItsRequestTimesOutAndIsRetriedWithANewAttempt() {
        String id = create("[\"a\"]");
        methods = (d, m, p) -> HubFailure.of(HubFailure.Kind.DEVICE_TIMEOUT, "no answer");
        ticker().tick(id);
        assertEquals(ExecutionState.IN_PROGRESS, state(id, "a"));
        methods = (d, m, p) -> {
            sent.add(d + " " + p.getAsJsonObject().get("operationId").getAsString());
            return new MethodAnswer(202, StrictJson.parse("{}"));
        };
        clock.advance(Duration.ofMinutes(5));
        ticker().tick(id);
        clock.advance(Duration.ofSeconds(10));
        ticker().tick(id);
        assertEquals(List.of("a " + id + ".a2"), sent, "after the timeout, a retry with a new attempt");
    }

    @Test
    void overlappingTicksCannotBothAdvanceTheOperation() {
        String id = create("[\"a\",\"b\",\"c\"]");
        StoredRollout stale = store.get(id).orElseThrow();
        ticker().tick(id);
        assertThrows(ConcurrentUpdateException.class, () -> store.save(stale, List.of()));
        assertEquals(3, sent.size(), "each device exactly once");
    }

    @Test
    void offlineDevicesGoBackToTheQueueWithoutUsingTheirRetry() {
        String id = create("[\"a\"]");
        methods = (d, m, p) -> new HubFailure(HubFailure.Kind.DEVICE_OFFLINE, 404, 404103, "offline", null);
        ticker().tick(id);
        var e = store.executions(id).get(0);
        assertEquals(ExecutionState.QUEUED, e.state());
        assertEquals(0, e.attempt());
        assertEquals("deviceOffline", e.error().code());
        assertEquals(dev.fleetops.core.rollout.QueueReason.OFFLINE, e.queueReason());
    }

    @Test
    void aDeviceTheHubDoesNotKnowIsRemovedAndTheAuditTrailKeepsEachEventsType() {
        String id = create("[\"a\",\"b\"]");
        methods = (d, m, p) -> {
            sent.add(d + " " + p.getAsJsonObject().get("operationId").getAsString());
            return d.equals("a")
                    ? new HubFailure(HubFailure.Kind.DEVICE_NOT_FOUND, 404, 404001, "Device a not registered", null)
                    : new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
        };
        ticker().tick(id);
        var a = store.executions(id).get(0);
        assertEquals(ExecutionState.REMOVED, a.state());
        assertEquals(0, a.attempt(), "the device never got the request");
        report("b", id + ".a1", "completed");
        ticker().tick(id);
        assertEquals("COMPLETED", store.get(id).orElseThrow().rollout().state().name());
        assertEquals(
                List.of("created", "started", "completed"),
                store.auditTrail(id).stream().map(AuditEvent::type).toList());
        assertEquals(
                List.of("created: reboot on 2 devices, 1 waves", "started", "completed: succeeded=1, removed=1"),
                store.auditTrail(id).stream().map(AuditEvent::event).toList());
    }

    @Test
    void anOfflineDeviceGetsTheFirmwareGoalInItsDesiredProperties() {
        RolloutService service = new RolloutService(store, clock);
        String id = assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        service.create(
                                StrictJson.parseObject(
                                        "{\"action\":\"firmwareUpdate\",\"firmware\":{\"version\":\"2.0\",\"packageUri\":\"https://x.example/f\",\"sha256\":\""
                                                + "a".repeat(64) + "\"},\"target\":{\"deviceIds\":[\"a\"]}}"),
                                null,
                                "t"))
                .rollout()
                .rollout()
                .id();
        methods = (d, m, p) -> new HubFailure(HubFailure.Kind.DEVICE_OFFLINE, 404, 404103, "offline", null);
        Map<String, JsonObject> goals = new HashMap<>();
        new RolloutTicker(
                        store,
                        (q, m) -> queries.query(q, m),
                        (d, m, p) -> methods.invoke(d, m, p),
                        (d, patch) -> {
                            goals.put(d, patch);
                            return java.util.Optional.empty();
                        },
                        clock,
                        pool)
                .tick(id);
        JsonObject goal = goals.get("a").getAsJsonObject("firmware");
        assertEquals(id + ".a1", goal.get("operationId").getAsString());
        assertEquals("2.0", goal.get("version").getAsString());
        assertEquals(ExecutionState.QUEUED, state(id, "a"));
        report("a", id + ".a1", "completed");
        twins.put(
                "a",
                StrictJson.parseObject("{\"deviceId\":\"a\",\"properties\":{\"reported\":{\"iothubDM\":"
                        + "{\"firmwareUpdate\":{\"status\":\"applyComplete\",\"operationId\":\"" + id
                        + ".a1\",\"version\":\"2.0\"}}}}}"));
        ticker().tick(id);
        assertEquals(ExecutionState.SUCCEEDED, state(id, "a"), "converged from the goal without a direct method");
    }

    @Test
    void reportsAboutOtherOperationsAreIgnored() {
        String id = create("[\"a\"]");
        ticker().tick(id);
        report("a", "someone-else.a1", "completed");
        ticker().tick(id);
        assertEquals(ExecutionState.IN_PROGRESS, state(id, "a"));
    }

    @Test
    void dispatchResultsMapToRolloutOutcomes() {
        assertInstanceOf(
                dev.fleetops.core.rollout.DispatchResult.AlreadyDone.class,
                Dispatcher.toDispatchResult(new MethodAnswer(200, StrictJson.parse("{\"result\":\"current\"}"))));
        assertInstanceOf(
                dev.fleetops.core.rollout.DispatchResult.Accepted.class,
                Dispatcher.toDispatchResult(new MethodAnswer(200, StrictJson.parse("{\"result\":\"duplicate\"}"))));
        assertInstanceOf(
                dev.fleetops.core.rollout.DispatchResult.Rejected.class,
                Dispatcher.toDispatchResult(new MethodAnswer(409, StrictJson.parse("{\"message\":\"busy\"}"))));
        assertInstanceOf(
                dev.fleetops.core.rollout.DispatchResult.Throttled.class,
                Dispatcher.toDispatchResult(HubFailure.of(HubFailure.Kind.THROTTLED, "429")));
        assertInstanceOf(
                dev.fleetops.core.rollout.DispatchResult.NoAnswer.class,
                Dispatcher.toDispatchResult(HubFailure.of(HubFailure.Kind.DEVICE_TIMEOUT, "504")));
        assertInstanceOf(
                dev.fleetops.core.rollout.DispatchResult.Removed.class,
                Dispatcher.toDispatchResult(HubFailure.of(HubFailure.Kind.DEVICE_NOT_FOUND, "404001")));
        MethodCallResult garbage = new MethodAnswer(500, (JsonElement) null);
        assertInstanceOf(dev.fleetops.core.rollout.DispatchResult.Error.class, Dispatcher.toDispatchResult(garbage));
    }

    @Test
    void aTickDispatchesNoMoreThanItsBudgetAllowsAndRetriesA429InTheSameTick() {
        String id = create("[\"a\",\"b\",\"c\",\"d\",\"e\"]");
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        methods = (d, m, p) -> {
            // The hub throttles every third call; the device never saw those.
            if (calls.incrementAndGet() % 3 == 0) {
                return new HubFailure(HubFailure.Kind.THROTTLED, 429, 429001, "throttled", Duration.ofMillis(1));
            }
            sent.add(d + " " + p.getAsJsonObject().get("operationId").getAsString());
            return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
        };
        // The pacer on a monotonic clock of its own: its pauses move that clock instead of taking time.
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        DispatchPacer fast = new DispatchPacer(1000, nanos::get, nanos::addAndGet);
        RolloutTicker budgeted = new RolloutTicker(
                store,
                queries,
                (d, m, p) -> methods.invoke(d, m, p),
                dev.fleetops.core.hub.DesiredWriter.NONE,
                clock,
                pool,
                fast,
                Duration.ofMillis(3));
        RolloutTicker.TickReport first = budgeted.tick(id);
        assertEquals(3, first.dispatched(), "1000/s for 3 ms: three devices get an intent");
        assertEquals(3, sent.size(), "each of them reached its device once: " + sent);
        assertEquals(first.methodCalls() - first.throttled(), 3);
        assertTrue(first.throttled() >= 1, "a 429 was retried within the tick");
        assertEquals(
                2,
                store.executions(id).stream()
                        .filter(e -> e.state() == ExecutionState.QUEUED)
                        .count());
        clock.advance(Duration.ofSeconds(1));
        budgeted.tick(id);
        assertEquals(5, sent.size());
    }

    @Test
    void ticksWithoutNewReportsCostOneQuery() {
        String id = create("[\"a\",\"b\"]");
        ticker().tick(id);
        report("a", id + ".a1", "rebooting");
        RolloutTicker.TickReport firstRead = ticker().tick(id);
        assertEquals(ProgressReader.Mode.FULL, firstRead.progressRead());
        RolloutTicker.TickReport quiet = ticker().tick(id);
        assertEquals(ProgressReader.Mode.SKIPPED, quiet.progressRead());
        assertEquals(1, quiet.hubQueries());
        clock.advance(Duration.ofSeconds(10));
        report("a", id + ".a1", "completed");
        RolloutTicker.TickReport changed = ticker().tick(id);
        assertEquals(ProgressReader.Mode.DELTA, changed.progressRead());
        assertEquals(ExecutionState.SUCCEEDED, state(id, "a"));
        assertTrue(
                store.get(id).orElseThrow().progress().watermark() != null, "the cursor is saved with the operation");
    }
}
