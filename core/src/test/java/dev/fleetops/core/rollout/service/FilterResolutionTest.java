package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.testkit.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Finding 7 of "rollouts that fail safe": a filter-targeted create ran the whole fleet query (up to 1,001 pages at
 * S1's 20 queries a minute) inside the HTTP request, before the idempotency check. Now the create only validates and
 * answers {@code resolving}; the timer runs the query and schedules the operation, or aborts it saying why.
 */
class FilterResolutionTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final List<String> hubQueries = new ArrayList<>();
    private final List<String> called = new ArrayList<>();
    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private int matches = 10;
    private boolean hubDown;

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private String create(String rollout) {
        return assertInstanceOf(
                        RolloutService.CreateOutcome.Created.class,
                        new RolloutService(store, clock)
                                .create(
                                        StrictJson.parseObject(
                                                "{\"action\":\"reboot\",\"target\":{\"filter\":{\"tags\":{\"site\":\"north\"}}}"
                                                        + rollout + "}"),
                                        null,
                                        "t"))
                .rollout()
                .rollout()
                .id();
    }

    private RolloutTicker ticker() {
        return new RolloutTicker(
                store,
                (q, max) -> {
                    if (!q.contains("tags.site")) {
                        return List.of(); // progress and goal queries: nothing reported
                    }
                    hubQueries.add(q);
                    if (hubDown) {
                        throw new HubCallException(HubFailure.of(HubFailure.Kind.UNAVAILABLE, "503"));
                    }
                    List<JsonObject> rows = new ArrayList<>();
                    for (int i = 0; i < matches; i++) {
                        rows.add(StrictJson.parseObject("{\"deviceId\":\"d" + i + "\"}"));
                    }
                    return rows;
                },
                (d, m, p) -> {
                    called.add(d);
                    return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
                },
                clock,
                pool);
    }

    private RolloutState state(String id) {
        return store.get(id).orElseThrow().rollout().state();
    }

    @Test
    void theCreateQueriesNothingAndTheTimerResolvesThenRuns() {
        String id = create("");
        assertEquals(RolloutState.RESOLVING, state(id));
        assertEquals(List.of(), store.executions(id), "no device row before the query ran");
        assertEquals(List.of(), hubQueries, "the create sent no query");

        ticker().tick(id);
        assertEquals(
                List.of("SELECT deviceId FROM devices WHERE tags.site = 'north'"),
                hubQueries,
                "one query, in the tick");
        assertEquals(10, store.executions(id).size());
        assertEquals(10, store.get(id).orElseThrow().deviceCount());
        assertEquals(RolloutState.RUNNING, state(id), "resolved and started in the same tick");
        assertEquals(10, called.size());
        assertTrue(store.auditTrail(id).stream()
                .anyMatch(e -> e.event().equals("resolved: the filter matches 10 devices, 1 waves")));
    }

    @Test
    void aHubOutageLeavesItResolvingForTheNextTick() {
        String id = create("");
        hubDown = true;
        List<RolloutTicker.TickReport> reports = ticker().tickAll();
        assertTrue(reports.get(0).skipped(), reports.toString());
        assertEquals(RolloutState.RESOLVING, state(id));
        hubDown = false;
        ticker().tick(id);
        assertEquals(RolloutState.RUNNING, state(id));
    }

    @Test
    void aFilterThatCannotRunEndsAbortedSayingWhy() {
        matches = 0;
        String none = create("");
        ticker().tick(none);
        assertEquals(RolloutState.ABORTED, state(none));
        assertEquals(
                "aborted: the target matches no devices",
                store.get(none).orElseThrow().rollout().reason());

        matches = 10;
        String emptyWave = create(",\"rollout\":{\"waves\":[1,2,100]}");
        ticker().tick(emptyWave);
        assertEquals(RolloutState.ABORTED, state(emptyWave));
        assertEquals(
                "aborted: wave 2 of 3 would have no device out of 10",
                store.get(emptyWave).orElseThrow().rollout().reason());
        assertEquals(List.of(), called, "nothing was dispatched");
    }

    @Test
    void anOperatorMayCancelWhileItResolves() {
        String id = create("");
        assertInstanceOf(
                RolloutControl.Outcome.Done.class,
                new RolloutControl(store, clock).apply(id, RolloutControl.Command.CANCEL, null, "op"));
        ticker().tickAll();
        assertEquals(RolloutState.CANCELED, state(id));
        assertEquals(List.of(), hubQueries);
    }
}
