package dev.fleetops.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.core.rollout.service.RolloutTicker;
import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events from what the engine and the commands decide, recorded by the store as it saves them. */
class OutcomeEventsTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final InMemoryRolloutStore store = new InMemoryRolloutStore(clock, new EventRecorder(outbox, clock));
    private final Map<String, JsonObject> twins = new HashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private RolloutTicker ticker() {
        return new RolloutTicker(
                store,
                new dev.fleetops.core.rollout.service.ProgressTwins(twins),
                (d, m, p) -> new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}")),
                clock,
                pool);
    }

    private void report(String deviceId, String operationId, String status) {
        twins.put(
                deviceId,
                StrictJson.parseObject("{\"deviceId\":\"" + deviceId + "\",\"properties\":{\"reported\":{\"iothubDM\":"
                        + "{\"reboot\":{\"status\":\"" + status + "\",\"operationId\":\"" + operationId
                        + "\",\"updatedAt\":\"" + dev.fleetops.contract.Timestamps.format(clock.instant())
                        + "\"}}}}}"));
    }

    private List<String> types() {
        return outbox.all().stream()
                .map(e -> e.event().type().wireName()
                        + (e.event().deviceId() == null ? "" : " " + e.event().deviceId())
                        + (e.event().attempt() == 0 ? "" : " a" + e.event().attempt()))
                .toList();
    }

    @Test
    void aRolloutsOutcomesBecomeEventsInOrderPerDevice() {
        String id = assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        new RolloutService(store, clock)
                                .create(
                                        StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"deviceIds\":"
                                                + "[\"a\",\"b\"]},\"deviceTimeoutMinutes\":5,"
                                                + "\"retry\":{\"maxRetries\":1,\"backoffSeconds\":10}}"),
                                        null,
                                        "alice"))
                .rollout()
                .rollout()
                .id();
        ticker().tick(id);
        report("a", id + ".a1", "completed");
        report("b", id + ".a1", "failed");
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);
        report("b", id + ".a2", "completed");
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);
        assertEquals("COMPLETED", store.get(id).orElseThrow().rollout().state().name());

        // The outbox orders each lane: b's failed first attempt before its second attempt's success.
        List<String> types = types();
        assertEquals(
                List.of(
                        "device.succeeded a a1",
                        "device.failed b a1",
                        "device.succeeded b a2",
                        "operation.created",
                        "operation.started",
                        "operation.completed"),
                types,
                types.toString());
        FleetEvent failed = outbox.all().get(1).event();
        assertFalse(failed.data().get("final").getAsBoolean(), "a retried attempt's failure is not final");
        assertTrue(failed.data().has("nextAttemptAt"));
        assertEquals("/fleetops/operations/" + id, failed.source());
        assertEquals("devices/b", failed.subject());
        JsonObject ce = failed.toCloudEvent();
        assertEquals("1.0", ce.get("specversion").getAsString());
        assertEquals("dev.fleetops.device.failed", ce.get("type").getAsString());
        assertEquals("application/json", ce.get("datacontenttype").getAsString());
        assertEquals(failed.id(), ce.get("id").getAsString());
        assertEquals(
                "completed", outbox.all().get(5).event().data().get("state").getAsString());
    }

    @Test
    void operatorCommandsAreEventsAndEachPauseHasItsOwnId() {
        String id = assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        new RolloutService(store, clock)
                                .create(
                                        StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"deviceIds\":"
                                                + "[\"a\"]},\"rollout\":{\"maxPerMinute\":1}}"),
                                        null,
                                        "alice"))
                .rollout()
                .rollout()
                .id();
        RolloutControl control = new RolloutControl(store, clock);
        control.apply(id, RolloutControl.Command.PAUSE, null, "bob");
        clock.advance(Duration.ofSeconds(1));
        control.apply(id, RolloutControl.Command.RESUME, null, "bob");
        clock.advance(Duration.ofSeconds(1));
        control.apply(id, RolloutControl.Command.PAUSE, null, "bob");
        List<FleetEvent> paused = outbox.all().stream()
                .map(OutboxEntry::event)
                .filter(e -> e.type() == EventType.OPERATION_PAUSED)
                .toList();
        assertEquals(2, paused.size());
        assertNotEquals(paused.get(0).id(), paused.get(1).id(), "two pauses are two events");
        assertEquals(
                1,
                outbox.all().stream()
                        .filter(e -> e.event().type() == EventType.OPERATION_RESUMED)
                        .count());
    }

    @Test
    void theSameOutcomeRecordedAgainHasTheSameIdAndKeepsItsDeliveries() {
        Instant t = Instant.parse("2026-06-01T00:01:00Z");
        DeviceExecution was =
                DeviceExecution.restore("d1", 0, ExecutionState.IN_PROGRESS, 1, null, t, t, "accepted", null);
        DeviceExecution done =
                DeviceExecution.restore("d1", 0, ExecutionState.SUCCEEDED, 1, null, t, t, "completed", null);
        AuditEvent opened = new AuditEvent(t, "engine", "waveOpened", "wave 2 opened: wave 1 reached 100.0% success");
        List<FleetEvent> first = OutcomeEvents.of("op1", null, Map.of("d1", was), List.of(done), List.of(opened));
        // The same decision made again after a crash, at another time: same ids.
        AuditEvent again = new AuditEvent(
                t.plusSeconds(40), "engine", "waveOpened", "wave 2 opened: wave 1 reached 99.0% success");
        List<FleetEvent> second = OutcomeEvents.of("op1", null, null, List.of(done), List.of(again));
        assertEquals(
                first.stream().map(FleetEvent::id).toList(),
                second.stream().map(FleetEvent::id).toList());
        assertEquals(2, first.get(0).data().get("wave").getAsInt());

        EventRecorder recorder = new EventRecorder(outbox, clock);
        recorder.record("op1", null, Map.of("d1", was), List.of(done), List.of());
        OutboxEntry entry = outbox.all().get(0);
        assertTrue(outbox.update(entry.withDeliveries(Map.of("webhook-x", new Delivery(1, t, "HTTP 500", false)))));
        recorder.record("op1", null, null, List.of(done), List.of());
        assertEquals(1, outbox.all().size(), "recorded once");
        assertEquals(1, outbox.all().get(0).deliveries().get("webhook-x").attempts(), "deliveries kept");
    }

    @Test
    void rollbacksAndTimeoutsHaveTheirOwnTypesAndUnchangedRowsNone() {
        Instant t = Instant.parse("2026-06-01T00:01:00Z");
        DeviceExecution inFlight =
                DeviceExecution.restore("d1", 0, ExecutionState.IN_PROGRESS, 2, null, t, t, "applying", null);
        DeviceExecution rolledBack = DeviceExecution.restore(
                "d1", 0, ExecutionState.FAILED, 2, null, t, t, "rolledBack", new ErrorInfo("healthCheck", "no boot"));
        DeviceExecution timedOutRetrying = DeviceExecution.restore(
                "d2",
                0,
                ExecutionState.QUEUED,
                1,
                t.plusSeconds(60),
                t,
                t,
                "timed out; retrying",
                new ErrorInfo("timedOut", "no terminal report"),
                QueueReason.RETRY_BACKOFF,
                null);
        DeviceExecution timedOut = DeviceExecution.restore(
                "d3", 0, ExecutionState.TIMED_OUT, 1, null, t, t, "timed out", new ErrorInfo("timedOut", "x"));
        List<FleetEvent> events = OutcomeEvents.of(
                "op1",
                null,
                Map.of("d1", inFlight, "d3", timedOut),
                List.of(rolledBack, timedOutRetrying, timedOut),
                List.of(new AuditEvent(t, "engine", "hubUnavailable", "waiting for the hub")));
        assertEquals(
                List.of(EventType.DEVICE_ROLLED_BACK, EventType.DEVICE_TIMED_OUT),
                events.stream().map(FleetEvent::type).toList(),
                "d3 did not change; a hub wait is no event");
        assertEquals(
                "healthCheck",
                events.get(0).data().getAsJsonObject("error").get("code").getAsString());
        assertEquals(2, events.get(0).attempt());
        assertFalse(events.get(1).data().get("final").getAsBoolean());
        // The retried attempt's timeout and the same attempt's final timeout (at the deadline) are two events.
        assertNotEquals(events.get(1).id(), EventIds.of("op1", 1, "d2", EventType.DEVICE_TIMED_OUT, "final"));
    }
}
