package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.testkit.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Finding 7 of "rollouts that fail safe": {@code GET /api/operations} read every device row of 50 operations.
 * The list now reads one row per operation (its tally), whose counts equal a count of the device rows.
 */
class ListingReadsTalliesTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryRolloutStore inner = new InMemoryRolloutStore();
    private final AtomicInteger deviceReads = new AtomicInteger();
    private final RolloutStore store = new DelegatingStore(inner) {
        @Override
        public List<DeviceExecution> executions(String id) {
            deviceReads.incrementAndGet();
            return super.executions(id);
        }
    };
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    @Test
    void theListReadsNoDeviceRowAndItsCountsMatchTheRows() {
        RolloutService service = new RolloutService(store, clock);
        List<String> ids = new ArrayList<>();
        for (int op = 0; op < 3; op++) {
            StringBuilder devices = new StringBuilder();
            for (int d = 0; d < 10; d++) {
                devices.append(d == 0 ? "" : ",")
                        .append("\"op")
                        .append(op)
                        .append("-d")
                        .append(d)
                        .append('"');
            }
            ids.add(assertInstanceOf(
                            RolloutService.CreateOutcome.Created.class,
                            service.create(
                                    StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"deviceIds\":["
                                            + devices + "]},\"rollout\":{\"waves\":[30,100]}}"),
                                    null,
                                    "t"))
                    .rollout()
                    .rollout()
                    .id());
        }
        RolloutTicker ticker = new RolloutTicker(
                store,
                (q, m) -> List.<JsonObject>of(),
                (d, m, p) -> new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}")),
                clock,
                pool);
        ticker.tick(ids.get(0));
        ticker.tick(ids.get(1));
        RolloutControl control = new RolloutControl(store, clock);
        control.apply(ids.get(1), RolloutControl.Command.CANCEL, null, "op");

        deviceReads.set(0);
        List<RolloutSummary> listed = control.list(50);
        assertEquals(0, deviceReads.get(), "no device row was read to list");
        for (RolloutSummary s : listed) {
            RolloutSummary full = control.get(s.id()).orElseThrow();
            assertEquals(full.counts(), s.counts(), s.id());
            assertEquals(full.waves(), s.waves(), s.id());
        }
        assertEquals(
                3L,
                listed.stream()
                        .filter(s -> s.id().equals(ids.get(0)))
                        .findFirst()
                        .orElseThrow()
                        .counts()
                        .get(ExecutionState.IN_PROGRESS.name().toLowerCase(java.util.Locale.ROOT)),
                "the first wave (30 %) of op 0 is in progress");
    }
}
