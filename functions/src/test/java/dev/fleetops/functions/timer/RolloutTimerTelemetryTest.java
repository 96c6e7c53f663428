package dev.fleetops.functions.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.service.InMemoryRolloutStore;
import dev.fleetops.core.rollout.service.RolloutControl;
import dev.fleetops.core.rollout.service.RolloutService;
import dev.fleetops.core.rollout.service.RolloutTicker;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.telemetry.RolloutTelemetry;
import dev.fleetops.functions.telemetry.RolloutTelemetryRecorder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The timer sends telemetry for the ticks it ran, with the real ticker over an in-memory store, and never fails for it. */
class RolloutTimerTelemetryTest {
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Clock clock = Clock.systemUTC();
    private final RolloutTicker ticker = new RolloutTicker(
            store,
            (q, m) -> List.of(),
            (device, method, payload) -> new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}")),
            clock,
            pool);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private String create() {
        var out = new RolloutService(store, clock)
                .create(
                        StrictJson.parseObject(
                                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"d1\",\"d2\"]},\"deviceTimeoutMinutes\":5}"),
                        null,
                        "test");
        return assertInstanceOf(RolloutService.CreateOutcome.Created.class, out)
                .rollout()
                .rollout()
                .id();
    }

    @Test
    void aTickSendsTheOperationsStartDispatchAndCountsReadingItsSummaryOnce() {
        String id = create();
        List<String> sent = new ArrayList<>();
        RolloutTelemetry sink = new RolloutTelemetry() {
            @Override
            public void metric(String name, double value, Map<String, String> dimensions) {
                sent.add(name + "=" + (long) value + " " + dimensions.get("operationId") + " "
                        + dimensions.get("action"));
            }

            @Override
            public void event(String name, Map<String, String> properties, Map<String, Double> measurements) {
                sent.add(name + " " + properties.get("reason"));
            }
        };
        AtomicInteger reads = new AtomicInteger();
        RolloutControl commands = new RolloutControl(store, clock);
        TestContext context = new TestContext("RolloutTimer");
        new RolloutTimerFunction(
                        () -> ticker,
                        () -> {
                            reads.incrementAndGet(); // the timer asks for the commands once per summary read
                            return commands;
                        },
                        new RolloutTelemetryRecorder(sink))
                .run("{}", context);

        assertTrue(sent.contains("FleetOperationStarted started"), sent.toString());
        assertTrue(sent.contains("fleetops.operation.dispatched=2 " + id + " reboot"), sent.toString());
        assertTrue(sent.contains("fleetops.operation.inProgress=2 " + id + " reboot"), sent.toString());
        assertEquals(1, reads.get(), "the log line and the telemetry share one summary read");
        assertTrue(context.logText().contains("fleetops.operation.tick operationId=" + id), context.logText());
    }

    @Test
    void aFailingTelemetrySinkIsLoggedAndDoesNotFailTheTick() {
        String id = create();
        RolloutTelemetry broken = new RolloutTelemetry() {
            @Override
            public void metric(String name, double value, Map<String, String> dimensions) {
                throw new IllegalStateException("agent exploded");
            }

            @Override
            public void event(String name, Map<String, String> properties, Map<String, Double> measurements) {
                throw new IllegalStateException("agent exploded");
            }
        };
        TestContext context = new TestContext("RolloutTimer");
        new RolloutTimerFunction(
                        () -> ticker, () -> new RolloutControl(store, clock), new RolloutTelemetryRecorder(broken))
                .run("{}", context);
        assertTrue(context.logText().contains("operation telemetry failed"), context.logText());
        assertEquals(
                "running",
                new RolloutControl(store, clock).get(id).orElseThrow().state());
    }
}
