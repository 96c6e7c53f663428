package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 3: a tick reads the rows that can change (queued devices whose turn comes, in-flight devices that
 * reported or whose timeout is due), never the whole operation, and a summary reads the operation's row only; yet
 * it decides what a tick over every row decides (the engine's own tests run over every row).
 */
class TickReadsWhatChangesTest {
    private static final int DEVICES = 5_000;
    private static final int PER_MINUTE = 300;

    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryRolloutStore inner = new InMemoryRolloutStore();
    private final AtomicInteger wholeReads = new AtomicInteger();
    private final AtomicInteger rowsRead = new AtomicInteger();
    private final RolloutStore store = new DelegatingStore(inner) {
        @Override
        public List<DeviceExecution> executions(String id) {
            wholeReads.incrementAndGet();
            return super.executions(id);
        }

        @Override
        public List<DeviceExecution> executions(String id, Collection<String> deviceIds) {
            return counted(super.executions(id, deviceIds));
        }

        @Override
        public List<DeviceExecution> queued(String id, int maxWave, Instant dueBy, int limit) {
            return counted(super.queued(id, maxWave, dueBy, limit));
        }

        @Override
        public List<DeviceExecution> inProgress(String id, Instant dispatchedBy, int limit) {
            return counted(super.inProgress(id, dispatchedBy, limit));
        }
    };
    private final java.util.Map<String, JsonObject> twins = new java.util.HashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private List<DeviceExecution> counted(List<DeviceExecution> rows) {
        rowsRead.addAndGet(rows.size());
        return rows;
    }

    /** Reports that the device completed the operation's first attempt. */
    private void report(String deviceId, String operationId) {
        twins.put(
                deviceId,
                StrictJson.parseObject("{\"deviceId\":\"" + deviceId + "\",\"properties\":{\"reported\":{\"iothubDM\":"
                        + "{\"reboot\":{\"status\":\"completed\",\"operationId\":\"" + operationId
                        + ".a1\",\"updatedAt\":\"" + dev.fleetops.contract.Timestamps.format(clock.instant())
                        + "\"}}}}}"));
    }

    @Test
    void aTickReadsWhatCanChangeAndASummaryReadsNoDeviceRow() {
        StringBuilder devices = new StringBuilder();
        for (int d = 0; d < DEVICES; d++) {
            devices.append(d == 0 ? "" : ",").append(String.format(Locale.ROOT, "\"dev-%05d\"", d));
        }
        String id = assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        new RolloutService(store, clock)
                                .create(
                                        StrictJson.parseObject("{\"action\":\"reboot\",\"target\":{\"deviceIds\":["
                                                + devices + "]},\"rollout\":{\"maxPerMinute\":" + PER_MINUTE + "}}"),
                                        null,
                                        "t"))
                .rollout()
                .rollout()
                .id();
        RolloutTicker ticker = new RolloutTicker(
                store,
                new ProgressTwins(twins),
                (d, m, p) -> new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}")),
                clock,
                pool);

        ticker.tick(id);
        assertEquals(0, wholeReads.get(), "the first tick read no whole operation");
        assertTrue(rowsRead.get() <= PER_MINUTE, "first tick read " + rowsRead.get() + " rows");
        assertEquals(PER_MINUTE, count(id, ExecutionState.IN_PROGRESS), "a minute's worth started");

        // 100 of the started devices report success; a minute later the next batch is due.
        inner.executions(id).stream()
                .filter(e -> e.state() == ExecutionState.IN_PROGRESS)
                .limit(100)
                .forEach(e -> report(e.deviceId(), id));
        clock.advance(Duration.ofSeconds(61));
        rowsRead.set(0);
        ticker.tick(id);
        assertEquals(0, wholeReads.get(), "the second tick read no whole operation");
        assertTrue(
                rowsRead.get() <= PER_MINUTE + PER_MINUTE,
                "second tick read " + rowsRead.get() + " rows: the in-flight ones and the next batch at most");
        assertEquals(100, count(id, ExecutionState.SUCCEEDED));
        assertEquals(2 * PER_MINUTE - 100, count(id, ExecutionState.IN_PROGRESS));

        RolloutSummary summary = new RolloutControl(store, clock).get(id).orElseThrow();
        assertEquals(0, wholeReads.get(), "the summary read the operation's row only");
        assertEquals(100L, summary.counts().get("succeeded"));
        assertEquals(DEVICES - 2L * PER_MINUTE, summary.counts().get("queued"));
        assertEquals(
                Long.valueOf(DEVICES - 2L * PER_MINUTE), summary.queueReasons().get("waiting"));
        assertEquals(2.0 * PER_MINUTE / 5, summary.dispatchedPerMinute(), 0.001, "600 started in the 5-minute window");
    }

    private long count(String id, ExecutionState state) {
        return inner.executions(id).stream().filter(e -> e.state() == state).count();
    }
}
