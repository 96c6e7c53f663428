package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.testkit.TestClock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: an operator's pause, resume or single-device cancel must not read every device row. At 100,000 devices a
 * whole read takes longer than the ticks' period, so the command's etag-checked save kept losing to the ticks (found
 * by the API-latency benchmark, which had to resume its operation on the row directly).
 */
class CommandsReadWhatTheyNeedTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final AtomicInteger wholeReads = new AtomicInteger();
    private final AtomicInteger rowsRead = new AtomicInteger();
    private final RolloutStore store = new DelegatingStore(new InMemoryRolloutStore()) {
        @Override
        public List<DeviceExecution> executions(String id) {
            wholeReads.incrementAndGet();
            return super.executions(id);
        }

        @Override
        public List<DeviceExecution> executions(String id, Collection<String> deviceIds) {
            rowsRead.addAndGet(deviceIds.size());
            return super.executions(id, deviceIds);
        }
    };

    private String create(int devices) {
        String ids =
                IntStream.range(0, devices).mapToObj(i -> "\"dev-" + i + "\"").collect(Collectors.joining(","));
        return assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        new RolloutService(store, clock)
                                .create(
                                        StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"deviceIds\":["
                                                + ids + "]}," + "\"rollout\":{\"waves\":[50,100]}}"),
                                        null,
                                        "t"))
                .rollout()
                .rollout()
                .id();
    }

    private RolloutControl.Outcome run(String id, RolloutControl.Command c, String device) {
        return new RolloutControl(store, clock).apply(id, c, device, "op");
    }

    @Test
    void pauseResumeAndACancelOfOneDeviceReadNoOtherRow() {
        String id = create(40);
        new RolloutTicker(
                        store,
                        (q, m) -> List.<com.google.gson.JsonObject>of(),
                        (d, m, p) -> new dev.fleetops.core.hub.MethodAnswer(
                                202, StrictJson.parse("{\"result\":\"accepted\"}")),
                        clock,
                        java.util.concurrent.Executors.newCachedThreadPool())
                .tick(id);
        assertEquals(RolloutState.RUNNING, store.get(id).orElseThrow().rollout().state());
        String queued = store.executions(id).stream()
                .filter(e -> e.state() == ExecutionState.QUEUED)
                .findFirst()
                .orElseThrow()
                .deviceId();
        wholeReads.set(0);
        rowsRead.set(0);

        assertInstanceOf(RolloutControl.Outcome.Done.class, run(id, RolloutControl.Command.PAUSE, null));
        assertInstanceOf(RolloutControl.Outcome.Done.class, run(id, RolloutControl.Command.RESUME, null));
        assertEquals(
                0, store.get(id).orElseThrow().rollout().openWave(), "wave 0 has unfinished devices: it stays open");
        assertInstanceOf(RolloutControl.Outcome.Done.class, run(id, RolloutControl.Command.CANCEL_DEVICE, queued));
        assertEquals(0, wholeReads.get(), "no command read the whole operation");
        assertEquals(1, rowsRead.get(), "the single-device cancel read its device's row only");
        assertEquals(
                ExecutionState.CANCELED,
                store.executions(id, List.of(queued)).get(0).state());
        assertEquals(1L, store.get(id).orElseThrow().tally().all().get(ExecutionState.CANCELED), "the tally follows");
    }
}
