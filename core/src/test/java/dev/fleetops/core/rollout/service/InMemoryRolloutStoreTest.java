package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.AbortCriterion;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.FailureType;
import dev.fleetops.core.rollout.MaintenanceWindow;
import dev.fleetops.core.rollout.RatePolicy;
import dev.fleetops.core.rollout.RetryPolicy;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutConfig;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.core.rollout.WavePlan;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryRolloutStoreTest {
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00.123456789Z");
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();

    static RolloutConfig config() {
        return new RolloutConfig(
                new WavePlan(List.of(1.0, 10.0, 100.0), true),
                95,
                List.of(new AbortCriterion(FailureType.ALL, 10, 20)),
                new RatePolicy(600, 10, 2.0, 5),
                Duration.ofMinutes(30),
                new RetryPolicy(2, FailureType.TIMED_OUT, Duration.ofSeconds(30), Duration.ofMinutes(10)),
                NOW,
                NOW.plus(Duration.ofDays(2)),
                new MaintenanceWindow(LocalTime.of(2, 30), Duration.ofHours(4)));
    }

    static StoredRollout rollout(String id, RolloutState state, Instant createdAt) {
        JsonObject payload = new JsonObject();
        payload.addProperty("version", "2.0.0");
        return new StoredRollout(
                Rollout.restore(id, state, config(), 0, createdAt, createdAt, null),
                "firmwareUpdate",
                payload,
                null,
                3,
                "alice",
                null);
    }

    static List<DeviceExecution> devices(int n) {
        List<DeviceExecution> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(DeviceExecution.queued(String.format("dev-%04d", i), i % 3, NOW));
        }
        return out;
    }

    private StoredRollout created(String id) {
        return assertInstanceOf(
                        RolloutStore.CreateResult.Created.class,
                        store.create(rollout(id, RolloutState.SCHEDULED, NOW), devices(3), null, null))
                .rollout();
    }

    @Test
    void createThenGetRoundTripsWithAnEtag() {
        StoredRollout c = created("op-1");
        assertNotNull(c.etag());
        assertEquals(c, store.get("op-1").orElseThrow());
        assertEquals(rollout("op-1", RolloutState.SCHEDULED, NOW), c.withEtag(null));
        assertEquals(devices(3), store.executions("op-1"));
        assertTrue(store.get("nope").isEmpty());
        assertEquals(List.of(), store.executions("nope"));
    }

    @Test
    void anIdempotencyKeyReturnsTheEarlierOperationOrAConflict() {
        var first = store.create(rollout("op-1", RolloutState.SCHEDULED, NOW), devices(3), "k", "h1");
        StoredRollout c =
                assertInstanceOf(RolloutStore.CreateResult.Created.class, first).rollout();
        var again = store.create(rollout("op-2", RolloutState.SCHEDULED, NOW), devices(3), "k", "h1");
        assertEquals(
                c,
                assertInstanceOf(RolloutStore.CreateResult.Existing.class, again)
                        .rollout());
        var other = store.create(rollout("op-3", RolloutState.SCHEDULED, NOW), devices(3), "k", "h2");
        assertEquals(
                "op-1",
                assertInstanceOf(RolloutStore.CreateResult.KeyConflict.class, other)
                        .existingId());
        assertTrue(store.get("op-2").isEmpty());
        assertTrue(store.get("op-3").isEmpty());
        assertThrows(
                IllegalStateException.class,
                () -> store.create(rollout("op-1", RolloutState.SCHEDULED, NOW), List.of(), null, null));
    }

    @Test
    void concurrentCreatesWithOneKeyHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<RolloutStore.CreateResult>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "op-" + i;
            results.add(
                    pool.submit(() -> store.create(rollout(id, RolloutState.SCHEDULED, NOW), devices(3), "same", "h")));
        }
        int created = 0;
        Set<String> ids = new HashSet<>();
        for (Future<RolloutStore.CreateResult> f : results) {
            RolloutStore.CreateResult r = f.get(10, TimeUnit.SECONDS);
            if (r instanceof RolloutStore.CreateResult.Created c) {
                created++;
                ids.add(c.rollout().rollout().id());
            } else {
                ids.add(assertInstanceOf(RolloutStore.CreateResult.Existing.class, r)
                        .rollout()
                        .rollout()
                        .id());
            }
        }
        pool.shutdown();
        assertEquals(1, created);
        assertEquals(1, ids.size());
    }

    @Test
    void saveChangesTheEtagAndAStaleEtagChangesNothing() {
        StoredRollout c = created("op-1");
        DeviceExecution failed = StoredRows.as(
                devices(1).get(0), ExecutionState.FAILED, NOW.plusSeconds(5), "boom", new ErrorInfo("e1", "bad"));
        StoredRollout saved = store.save(
                c.withRollout(StoredRows.as(c.rollout(), RolloutState.RUNNING, 1, NOW.plusSeconds(5), null)),
                List.of(failed));
        assertNotEquals(c.etag(), saved.etag());
        assertEquals(saved, store.get("op-1").orElseThrow());
        assertEquals(failed, store.executions("op-1").get(0));

        DeviceExecution other = StoredRows.as(failed, ExecutionState.SUCCEEDED, NOW.plusSeconds(9), "ok", null);
        assertThrows(
                ConcurrentUpdateException.class,
                () -> store.save(
                        c.withRollout(StoredRows.as(c.rollout(), RolloutState.PAUSED, 0, NOW, "x")), List.of(other)));
        assertEquals(saved, store.get("op-1").orElseThrow());
        assertEquals(failed, store.executions("op-1").get(0));
        assertThrows(IllegalArgumentException.class, () -> store.save(c.withEtag(null), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> store.save(rollout("nope", RolloutState.RUNNING, NOW).withEtag("x"), List.of()));
    }

    @Test
    void pagesAreOrderedByDeviceIdFilteredAndComplete() {
        StoredRollout c = created("op-1");
        List<DeviceExecution> all = devices(25);
        List<DeviceExecution> changed = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (i % 4 == 0) {
                changed.add(StoredRows.as(all.get(i), ExecutionState.FAILED, NOW, "f", null));
            } else {
                changed.add(all.get(i));
            }
        }
        store.save(c, changed);
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page<DeviceExecution> p = store.executions("op-1", ExecutionState.FAILED, token, 2);
            assertTrue(p.items().size() <= 2);
            p.items().forEach(e -> {
                assertEquals(ExecutionState.FAILED, e.state());
                seen.add(e.deviceId());
            });
            token = p.continuationToken();
        } while (token != null);
        assertEquals(List.of("dev-0000", "dev-0004", "dev-0008", "dev-0012", "dev-0016", "dev-0020", "dev-0024"), seen);
        Page<DeviceExecution> everything = store.executions("op-1", null, null, 100);
        assertEquals(25, everything.items().size());
        assertNull(everything.continuationToken());
        assertThrows(IllegalArgumentException.class, () -> store.executions("op-1", null, "not-a-token", 10));
        assertThrows(IllegalArgumentException.class, () -> store.executions("op-1", null, null, 0));
    }

    @Test
    void auditIsOldestFirstAndTiesKeepTheirOrder() {
        store.audit("op-1", new AuditEvent(NOW.plusSeconds(2), "engine", "third"));
        store.audit("op-1", new AuditEvent(NOW, "alice", "first"));
        store.audit("op-1", new AuditEvent(NOW.plusSeconds(1), "engine", "second-a"));
        store.audit("op-1", new AuditEvent(NOW.plusSeconds(1), "engine", "second-b"));
        assertEquals(
                List.of("first", "second-a", "second-b", "third"),
                store.auditTrail("op-1").stream().map(AuditEvent::event).toList());
        assertEquals(List.of(), store.auditTrail("op-2"));
    }

    @Test
    void listIsNewestFirstAndActiveExcludesTerminalOperations() {
        store.create(rollout("old", RolloutState.RUNNING, NOW), List.of(), null, null);
        store.create(rollout("new", RolloutState.COMPLETED, NOW.plusSeconds(60)), List.of(), null, null);
        store.create(rollout("mid", RolloutState.ABORTED, NOW.plusSeconds(30)), List.of(), null, null);
        store.create(rollout("paused", RolloutState.PAUSED, NOW.plusSeconds(10)), List.of(), null, null);
        assertEquals(
                List.of("new", "mid"),
                store.list(2).stream().map(r -> r.rollout().id()).toList());
        assertEquals(
                Set.of("old", "paused"),
                Set.copyOf(store.active().stream().map(r -> r.rollout().id()).toList()));
    }
}
