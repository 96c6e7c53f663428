package dev.fleetops.core.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.service.DecisionRecorder;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
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

/** A device's timeline from what the engine decides, written by the store as it saves it. */
class TimelineTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryDeviceTimeline timeline = new InMemoryDeviceTimeline();
    private final InMemoryRolloutStore store = new InMemoryRolloutStore(
            clock, DecisionRecorder.all(DecisionRecorder.NONE, new TimelineRecorder(timeline)));
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

    private void report(String deviceId, String operationId, String status, String error) {
        twins.put(
                deviceId,
                StrictJson.parseObject("{\"deviceId\":\"" + deviceId + "\",\"properties\":{\"reported\":{\"iothubDM\":"
                        + "{\"reboot\":{\"status\":\"" + status + "\",\"operationId\":\"" + operationId
                        + "\",\"updatedAt\":\"" + dev.fleetops.contract.Timestamps.format(clock.instant()) + "\""
                        + (error == null ? "" : ",\"error\":{\"code\":\"" + error + "\",\"message\":\"no\"}")
                        + "}}}}}"));
    }

    private static List<String> lines(TimelinePage page) {
        return page.entries().stream()
                .map(e -> e.state() + " a" + e.attempt() + " " + e.detail()
                        + (e.errorCode() == null ? "" : " " + e.errorCode()))
                .toList();
    }

    @Test
    void aRetriedDeviceShowsBothAttemptsNewestFirstAndAnUntouchedDeviceNothing() {
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
        report("b", id + ".a1", "rebooting", null);
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);
        report("b", id + ".a1", "failed", "healthCheckFailed");
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);
        report("b", id + ".a2", "completed", null);
        clock.advance(Duration.ofSeconds(30));
        ticker().tick(id);

        TimelinePage b = timeline.page("b", null, 50, clock.instant());
        // Dispatch, the device's answer, its reported status, the failure with its code sent back to the queue, the
        // retry's dispatch and answer, the success: newest first.
        assertEquals(
                List.of(
                        "succeeded a2 completed",
                        "in_progress a2 accepted",
                        "in_progress a2 dispatching",
                        "queued a1 failed; retrying healthCheckFailed",
                        "in_progress a1 rebooting",
                        "in_progress a1 accepted",
                        "in_progress a1 dispatching"),
                lines(b));
        b.entries().forEach(e -> {
            assertEquals(id, e.operationId());
            assertEquals("reboot", e.action());
            assertEquals(TimelineEntry.Kind.ROLLOUT, e.kind());
        });
        assertTrue(timeline.page("c", null, 50, clock.instant()).entries().isEmpty());
    }
}
