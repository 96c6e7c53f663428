package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.AbortCriterion;
import dev.fleetops.core.rollout.CancelReason;
import dev.fleetops.core.rollout.DeviceExecution;
import dev.fleetops.core.rollout.ExecutionState;
import dev.fleetops.core.rollout.FailureType;
import dev.fleetops.core.rollout.MaintenanceWindow;
import dev.fleetops.core.rollout.QueueReason;
import dev.fleetops.core.rollout.RatePolicy;
import dev.fleetops.core.rollout.RetryPolicy;
import dev.fleetops.core.rollout.Rollout;
import dev.fleetops.core.rollout.RolloutConfig;
import dev.fleetops.core.rollout.RolloutEvent;
import dev.fleetops.core.rollout.RolloutState;
import dev.fleetops.core.rollout.WavePlan;
import dev.fleetops.core.rollout.service.AuditEvent;
import dev.fleetops.core.rollout.service.ConcurrentUpdateException;
import dev.fleetops.core.rollout.service.Page;
import dev.fleetops.core.rollout.service.RolloutStore;
import dev.fleetops.core.rollout.service.RolloutStore.CreateResult;
import dev.fleetops.core.rollout.service.StoredRollout;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RolloutStore} must have. Extended by the Table Storage integration test
 * (against Azurite) and by the in-memory store's test, so both implementations provably agree. Every
 * test uses fresh operation ids and idempotency keys, so a shared, persistent store is fine.
 */
abstract class RolloutStoreContract {
    /** Nanoseconds on purpose: the stores must keep them. */
    static final Instant T0 = Instant.parse("2026-06-01T10:00:00.123456789Z");

    protected abstract RolloutStore store();

    /** A store of the same kind whose idempotency keys age by {@code clock}. */
    protected abstract RolloutStore store(java.time.Clock clock);

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static RolloutConfig richConfig() {
        return new RolloutConfig(
                new WavePlan(List.of(1.0, 10.0, 50.0, 100.0), true),
                97.5,
                List.of(
                        new AbortCriterion(FailureType.ALL, 10, 20),
                        new AbortCriterion(FailureType.TIMED_OUT, 5, 12.5)),
                new RatePolicy(600, 10, 2.0, 5),
                Duration.ofMinutes(30).plusNanos(7),
                new RetryPolicy(2, FailureType.TIMED_OUT, Duration.ofSeconds(30), Duration.ofMinutes(10)),
                T0.plusNanos(1),
                T0.plus(Duration.ofDays(2)),
                new MaintenanceWindow(LocalTime.of(2, 30, 15, 5), Duration.ofHours(4)));
    }

    static StoredRollout rollout(String id, RolloutState state, Instant createdAt) {
        JsonObject payload = new JsonObject();
        payload.addProperty("version", "2.0.0");
        payload.addProperty("packageUri", "https://cdn.example/fw.bin?sig=a%2Fb&x='y'");
        payload.addProperty("size", 123456789012L);
        JsonArray tags = new JsonArray();
        tags.add("ring-1");
        tags.add(1.5);
        payload.add("tags", tags);
        return new StoredRollout(
                Rollout.restore(id, state, richConfig(), 0, createdAt, createdAt.plusNanos(1), null),
                "firmwareUpdate",
                payload,
                "SELECT * FROM devices WHERE tags.region = 'eu'",
                3,
                "alice@example.com",
                null);
    }

    /** Queued devices {@code dev-00000}…; every field is exercised by {@link #variedExecutions}. */
    static List<DeviceExecution> queued(int n) {
        List<DeviceExecution> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(DeviceExecution.queued(String.format("dev-%05d", i), i % 4, T0));
        }
        return out;
    }

    static List<DeviceExecution> variedExecutions() {
        return List.of(
                DeviceExecution.queued("plain-1", 0, T0),
                DeviceExecution.restore(
                        "weird#id?/with\\slash%25",
                        1,
                        ExecutionState.IN_PROGRESS,
                        2,
                        T0.plusSeconds(30).plusNanos(1),
                        T0.plusNanos(999_999_999),
                        T0.plusMillis(5),
                        "accepted",
                        null),
                DeviceExecution.restore(
                        "failed-1",
                        2,
                        ExecutionState.FAILED,
                        3,
                        null,
                        T0,
                        T0.plusSeconds(1),
                        "flash failed: ünïcode ✓",
                        new ErrorInfo("sha256Mismatch", "digest did not match")),
                DeviceExecution.restore(
                        "error-without-fields",
                        3,
                        ExecutionState.REJECTED,
                        1,
                        null,
                        null,
                        T0,
                        null,
                        new ErrorInfo(null, null)),
                DeviceExecution.restore(
                        "it's-quoted",
                        0,
                        ExecutionState.TIMED_OUT,
                        0,
                        null,
                        null,
                        T0,
                        "",
                        new ErrorInfo("timeout", null)),
                DeviceExecution.restore(
                        "offline-1",
                        1,
                        ExecutionState.QUEUED,
                        0,
                        T0.plusSeconds(15),
                        null,
                        T0,
                        "offline",
                        new ErrorInfo("deviceOffline", "device offline; retrying"),
                        QueueReason.OFFLINE,
                        null),
                DeviceExecution.restore(
                        "retry-1",
                        1,
                        ExecutionState.QUEUED,
                        1,
                        null,
                        T0,
                        T0,
                        "retry requested",
                        null,
                        QueueReason.RETRY_REQUESTED,
                        null),
                DeviceExecution.restore(
                        "aborted-1",
                        2,
                        ExecutionState.CANCELED,
                        0,
                        null,
                        null,
                        T0,
                        "operation aborted",
                        null,
                        null,
                        CancelReason.OPERATION_ABORTED),
                DeviceExecution.restore(
                        "canceled-by-bob",
                        2,
                        ExecutionState.CANCELED,
                        0,
                        null,
                        null,
                        T0,
                        "canceled by bob",
                        null,
                        null,
                        CancelReason.DEVICE_CANCELED),
                DeviceExecution.restore(
                        "gone-1",
                        3,
                        ExecutionState.REMOVED,
                        0,
                        null,
                        null,
                        T0,
                        "removed",
                        new ErrorInfo("deviceNotRegistered", "device not registered")));
    }

    /** An execution as a later decision would have saved it (a store test checks saving, not how the state was reached). */
    static DeviceExecution as(DeviceExecution e, ExecutionState state, Instant at, String detail, ErrorInfo error) {
        return DeviceExecution.restore(
                e.deviceId(), e.wave(), state, e.attempt(), e.notBefore(), e.dispatchedAt(), at, detail, error);
    }

    static Rollout as(Rollout r, RolloutState state, int openWave, Instant at, String reason) {
        return Rollout.restore(r.id(), state, r.config(), openWave, r.createdAt(), at, reason);
    }

    private static List<DeviceExecution> sorted(List<DeviceExecution> list) {
        return list.stream()
                .sorted(Comparator.comparing(DeviceExecution::deviceId))
                .toList();
    }

    private StoredRollout create(StoredRollout r, List<DeviceExecution> executions) {
        return assertInstanceOf(CreateResult.Created.class, store().create(r, executions, null, null))
                .rollout();
    }

    @Test
    void createAndGetRoundTripEverything() {
        String id = newId();
        StoredRollout r = rollout(id, RolloutState.SCHEDULED, T0);
        StoredRollout created = create(r, variedExecutions());
        assertNotNull(created.etag());
        assertEquals(r, created.withEtag(null));
        StoredRollout read = store().get(id).orElseThrow();
        assertEquals(created, read);
        assertEquals(r.rollout().config(), read.rollout().config());
        assertEquals(r.actionPayload(), read.actionPayload());
        assertEquals(sorted(variedExecutions()), store().executions(id));
    }

    @Test
    void nullFieldsStayNull() {
        String id = newId();
        StoredRollout r = new StoredRollout(
                Rollout.restore(
                        id,
                        RolloutState.PAUSED,
                        RolloutConfig.simple(60, Duration.ofMinutes(5)),
                        2,
                        T0,
                        T0,
                        "paused by bob"),
                "reboot",
                null,
                null,
                0,
                null,
                null);
        create(r, List.of());
        assertEquals(r, store().get(id).orElseThrow().withEtag(null));
        assertEquals(List.of(), store().executions(id));
        assertEquals(
                new Page<>(List.of(), null).items(),
                store().executions(id, null, null, 10).items());
    }

    @Test
    void theApprovalIsStoredWithItsState() {
        String id = newId();
        dev.fleetops.core.rollout.Approval asked = dev.fleetops.core.rollout.Approval.requested(
                "11111111-1111-1111-1111-111111111111",
                "Alice (11111111-1111-1111-1111-111111111111)",
                T0,
                Duration.ofHours(24));
        StoredRollout pending = new StoredRollout(
                dev.fleetops.core.rollout.Rollout.pendingApproval(id, richConfig(), T0, asked),
                "factoryReset",
                new JsonObject(),
                null,
                2,
                asked.requestedBy(),
                null);
        create(pending, queued(2));
        assertEquals(pending, store().get(id).orElseThrow().withEtag(null));
        dev.fleetops.core.rollout.Approval decided = new dev.fleetops.core.rollout.Approval(
                asked.requestedById(),
                asked.requestedBy(),
                T0,
                asked.expiresAt(),
                dev.fleetops.core.rollout.Approval.Status.REJECTED,
                "22222222-2222-2222-2222-222222222222",
                "Bob",
                T0.plusSeconds(5).plusNanos(7),
                "not today, 'quoted' ✓");
        StoredRollout read = store().get(id).orElseThrow();
        store().save(
                        read.withRollout(Rollout.restore(
                                id,
                                RolloutState.REJECTED,
                                richConfig(),
                                0,
                                T0,
                                T0.plusSeconds(5),
                                "rejected",
                                decided)),
                        List.of());
        assertEquals(decided, store().get(id).orElseThrow().rollout().approval());
        assertTrue(store().active().stream().noneMatch(r -> r.rollout().id().equals(id)), "rejected is final");
    }

    @Test
    void aSoakingWaveAndTheGatesAreStoredWithTheOperation() {
        String id = newId();
        RolloutConfig gated = richConfig()
                .withGates(new dev.fleetops.core.rollout.WaveGates(
                        Duration.ofMinutes(30),
                        Duration.ofMinutes(10),
                        new dev.fleetops.core.rollout.WaveGates.HealthGate("health.status", "ok", 95),
                        new dev.fleetops.core.rollout.WaveGates.ExternalGate(
                                "https://gate.example.com/check?code=k", Duration.ofSeconds(8)),
                        Duration.ofMinutes(90)));
        StoredRollout created = create(rollout(id, RolloutState.RUNNING, T0), queued(2));
        Rollout soaking = Rollout.restore(
                id,
                RolloutState.RUNNING,
                gated,
                0,
                T0,
                T0.plusSeconds(1),
                null,
                null,
                new dev.fleetops.core.rollout.Soak(0, T0.plusNanos(123_000), "external gate: wait (‘quoted’ ✓)"));
        store().save(created.withRollout(soaking), List.of());
        Rollout read = store().get(id).orElseThrow().rollout();
        assertEquals(soaking, read);
        assertEquals(gated.gates(), read.config().gates());
    }

    @Test
    void theProgressCursorIsSavedWithTheOperation() {
        String id = newId();
        StoredRollout created = create(rollout(id, RolloutState.RUNNING, T0), queued(2));
        dev.fleetops.core.rollout.service.ProgressCursor cursor = new dev.fleetops.core.rollout.service.ProgressCursor(
                "2026-06-01T00:00:00.000Z",
                java.util.Map.of(
                        id + ".a1|completed",
                        new dev.fleetops.core.rollout.service.ProgressCursor.Bucket(2, "2026-06-01T00:00:00.000Z")));
        store().save(created.withProgress(cursor), List.of());
        assertEquals(cursor, store().get(id).orElseThrow().progress());
    }

    @Test
    void unknownOperationsAreEmpty() {
        String id = newId();
        assertTrue(store().get(id).isEmpty());
        assertTrue(store().get("no/such#id?").isEmpty());
        assertEquals(List.of(), store().executions(id));
        assertEquals(List.of(), store().auditTrail(id));
        Page<DeviceExecution> page = store().executions(id, ExecutionState.FAILED, null, 10);
        assertEquals(List.of(), page.items());
    }

    @Test
    void anIdempotencyKeyReturnsTheEarlierOperationOrAConflict() {
        String key = "key-" + newId();
        String first = newId();
        StoredRollout created = assertInstanceOf(
                        CreateResult.Created.class,
                        store().create(rollout(first, RolloutState.SCHEDULED, T0), queued(3), key, "hash-1"))
                .rollout();
        String second = newId();
        CreateResult again = store().create(rollout(second, RolloutState.SCHEDULED, T0), queued(3), key, "hash-1");
        assertEquals(
                created, assertInstanceOf(CreateResult.Existing.class, again).rollout());
        String third = newId();
        CreateResult other = store().create(rollout(third, RolloutState.SCHEDULED, T0), queued(3), key, "hash-2");
        assertEquals(
                first, assertInstanceOf(CreateResult.KeyConflict.class, other).existingId());
        assertTrue(store().get(second).isEmpty());
        assertTrue(store().get(third).isEmpty());
        assertEquals(List.of(), store().executions(second));
        // Without a key nothing is deduplicated; an id that exists is a programming error.
        assertInstanceOf(
                CreateResult.Created.class,
                store().create(rollout(newId(), RolloutState.SCHEDULED, T0), List.of(), null, "hash-1"));
        assertThrows(
                IllegalStateException.class,
                () -> store().create(rollout(first, RolloutState.SCHEDULED, T0), List.of(), null, null));
    }

    @Test
    void anIdempotencyKeyExpiresAfterADayAndThenNeitherReplaysNorConflicts() {
        dev.fleetops.testkit.TestClock clock = dev.fleetops.testkit.TestClock.at(Instant.now());
        RolloutStore aging = store(clock);
        String key = "key-" + newId();
        String first = newId();
        assertInstanceOf(
                CreateResult.Created.class,
                aging.create(rollout(first, RolloutState.SCHEDULED, T0), queued(1), key, "h1"));
        clock.advance(RolloutStore.IDEMPOTENCY_TTL.minusMinutes(1));
        assertEquals(
                first,
                assertInstanceOf(
                                CreateResult.Existing.class,
                                aging.create(rollout(newId(), RolloutState.SCHEDULED, T0), queued(1), key, "h1"))
                        .rollout()
                        .rollout()
                        .id());
        assertEquals(
                first,
                assertInstanceOf(
                                CreateResult.KeyConflict.class,
                                aging.create(rollout(newId(), RolloutState.SCHEDULED, T0), queued(1), key, "h2"))
                        .existingId());
        clock.advance(Duration.ofMinutes(2));
        String second = newId();
        assertInstanceOf(
                CreateResult.Created.class,
                aging.create(rollout(second, RolloutState.SCHEDULED, T0), queued(1), key, "h2"),
                "an expired key is free: another body creates a new operation");
        assertEquals(
                second,
                assertInstanceOf(
                                CreateResult.Existing.class,
                                aging.create(rollout(newId(), RolloutState.SCHEDULED, T0), queued(1), key, "h2"))
                        .rollout()
                        .rollout()
                        .id());
        assertTrue(aging.get(first).isPresent(), "the first operation stays");
    }

    @Test
    void concurrentCreatesWithOneKeyHaveExactlyOneWinner() throws Exception {
        String key = "key-" + newId();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CreateResult>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String id = newId();
            futures.add(pool.submit(() -> {
                start.await();
                return store().create(rollout(id, RolloutState.SCHEDULED, T0), queued(150), key, "same-hash");
            }));
        }
        start.countDown();
        int created = 0;
        Set<String> ids = new HashSet<>();
        for (Future<CreateResult> f : futures) {
            CreateResult r = f.get(60, TimeUnit.SECONDS);
            if (r instanceof CreateResult.Created c) {
                created++;
                ids.add(c.rollout().rollout().id());
            } else {
                ids.add(assertInstanceOf(CreateResult.Existing.class, r)
                        .rollout()
                        .rollout()
                        .id());
            }
        }
        pool.shutdown();
        assertEquals(1, created);
        assertEquals(1, ids.size(), "every caller sees the winner's operation");
        assertEquals(150, store().executions(ids.iterator().next()).size());
    }

    @Test
    void everySaveChangesTheEtagAndAStaleEtagIsRejected() {
        String id = newId();
        StoredRollout v1 = create(rollout(id, RolloutState.SCHEDULED, T0), queued(4));
        DeviceExecution failed =
                as(queued(1).get(0), ExecutionState.FAILED, T0.plusSeconds(5), "boom", new ErrorInfo("e1", "bad"));
        StoredRollout v2 = store().save(
                        v1.withRollout(as(v1.rollout(), RolloutState.RUNNING, 1, T0.plusSeconds(5), null)),
                        List.of(failed));
        assertNotEquals(v1.etag(), v2.etag());
        assertEquals(v2, store().get(id).orElseThrow());
        StoredRollout v3 = store().save(v2, List.of());
        assertNotEquals(v2.etag(), v3.etag());
        assertEquals(v3.etag(), store().get(id).orElseThrow().etag());

        DeviceExecution lost = as(failed, ExecutionState.SUCCEEDED, T0.plusSeconds(9), "ok", null);
        assertThrows(
                ConcurrentUpdateException.class,
                () -> store().save(
                                v1.withRollout(as(v1.rollout(), RolloutState.PAUSED, 0, T0, "stale")), List.of(lost)));
        assertThrows(ConcurrentUpdateException.class, () -> store().save(v2, List.of()));
        assertEquals(v3, store().get(id).orElseThrow());
        assertEquals(failed, store().executions(id).get(0), "a stale save writes no executions");

        assertThrows(IllegalArgumentException.class, () -> store().save(v3.withEtag(null), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> store().save(rollout(newId(), RolloutState.RUNNING, T0).withEtag(v3.etag()), List.of()));
    }

    @Test
    void ofConcurrentSavesFromOneVersionExactlyOneWins() throws Exception {
        String id = newId();
        StoredRollout v1 = create(rollout(id, RolloutState.RUNNING, T0), queued(20));
        List<StoredRollout> winners = race(
                6,
                writer -> () -> store().save(
                                v1.withRollout(
                                        as(v1.rollout(), RolloutState.RUNNING, writer, T0.plusSeconds(writer), null)),
                                List.of()));
        assertEquals(1, winners.size());
        assertEquals(winners.get(0), store().get(id).orElseThrow());
    }

    /**
     * Runs {@code threads} saves at once (writer 1…n, each made by {@code save}); every save that does not win must
     * fail with {@link ConcurrentUpdateException}.
     *
     * @return the saves that won
     */
    private static List<StoredRollout> race(
            int threads, java.util.function.IntFunction<java.util.concurrent.Callable<StoredRollout>> save)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StoredRollout>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            java.util.concurrent.Callable<StoredRollout> mine = save.apply(i + 1);
            futures.add(pool.submit(() -> {
                start.await();
                return mine.call();
            }));
        }
        start.countDown();
        List<StoredRollout> winners = new ArrayList<>();
        for (Future<StoredRollout> f : futures) {
            try {
                winners.add(f.get(60, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                assertInstanceOf(ConcurrentUpdateException.class, e.getCause());
            }
        }
        pool.shutdown();
        return winners;
    }

    @Test
    void twoThousandExecutionsRoundTrip() {
        String id = newId();
        List<DeviceExecution> all = queued(2000);
        long t0 = System.nanoTime();
        StoredRollout r = create(rollout(id, RolloutState.RUNNING, T0), all);
        long t1 = System.nanoTime();
        List<DeviceExecution> read = store().executions(id);
        long t2 = System.nanoTime();
        assertEquals(all, read);
        List<DeviceExecution> changed = new ArrayList<>();
        for (DeviceExecution e : all) {
            changed.add(DeviceExecution.restore(
                    e.deviceId(),
                    e.wave(),
                    ExecutionState.IN_PROGRESS,
                    1,
                    null,
                    T0.plusSeconds(1),
                    T0.plusSeconds(1),
                    "accepted",
                    null));
        }
        long t3 = System.nanoTime();
        store().save(r, changed);
        long t4 = System.nanoTime();
        assertEquals(changed, store().executions(id));
        System.out.printf(
                "%s: 2000 executions: create %d ms, read all %d ms, save all %d ms%n",
                getClass().getSimpleName(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t4 - t3) / 1_000_000);
    }

    @Test
    void pagesWithAStateFilterReturnEveryMatchingRowExactlyOnce() {
        String id = newId();
        StoredRollout r = create(rollout(id, RolloutState.RUNNING, T0), queued(300));
        List<DeviceExecution> changed = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        for (DeviceExecution e : queued(300)) {
            int n = Integer.parseInt(e.deviceId().substring(4));
            if (n % 7 == 0) {
                changed.add(as(e, ExecutionState.FAILED, T0.plusSeconds(1), "f", new ErrorInfo("x", "y")));
                failed.add(e.deviceId());
            } else if (n % 7 == 1) {
                changed.add(as(e, ExecutionState.SUCCEEDED, T0.plusSeconds(1), "ok", null));
            }
        }
        store().save(r, changed);

        assertEquals(failed, collect(id, ExecutionState.FAILED, 5));
        assertEquals(failed, collect(id, ExecutionState.FAILED, 1000));
        assertEquals(300, collect(id, null, 17).size());
        assertEquals(Set.of(), collect(id, ExecutionState.REMOVED, 10));

        assertThrows(IllegalArgumentException.class, () -> store().executions(id, null, "not a token", 10));
        assertThrows(IllegalArgumentException.class, () -> store().executions(id, null, null, 0));
    }

    private Set<String> collect(String id, ExecutionState state, int pageSize) {
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            Page<DeviceExecution> p = store().executions(id, state, token, pageSize);
            assertTrue(p.items().size() <= pageSize, "page size");
            for (DeviceExecution e : p.items()) {
                if (state != null) {
                    assertEquals(state, e.state());
                }
                assertTrue(seen.add(e.deviceId()), "seen twice: " + e.deviceId());
            }
            token = p.continuationToken();
            assertTrue(++pages < 1000, "paging does not end");
        } while (token != null);
        return seen;
    }

    @Test
    void auditIsOldestFirstAndTiesKeepTheirOrder() {
        String id = newId();
        store().audit(id, new AuditEvent(T0.plusSeconds(2), "engine", "third"));
        store().audit(id, new AuditEvent(T0, "alice", "first: created"));
        store().audit(id, new AuditEvent(T0.plusNanos(1), "engine", "second-a"));
        store().audit(id, new AuditEvent(T0.plusNanos(1), "engine", "second-b"));
        store().audit(id, new AuditEvent(T0.plusNanos(1), "engine", "second-c"));
        store().audit(newId(), new AuditEvent(T0, "x", "another operation"));
        List<AuditEvent> trail = store().auditTrail(id);
        assertEquals(
                List.of("first: created", "second-a", "second-b", "second-c", "third"),
                trail.stream().map(AuditEvent::event).toList());
        assertEquals(new AuditEvent(T0, "alice", "first: created"), trail.get(0));
    }

    @Test
    void anAuditEventKeepsItsType() {
        String id = newId();
        AuditEvent typed = AuditEvent.of(T0, "engine", new RolloutEvent.WaveOpened(1, 0, 100, 95));
        store().audit(id, typed);
        assertEquals(List.of(typed), store().auditTrail(id));
        assertEquals("waveOpened", store().auditTrail(id).get(0).type());
    }

    @Test
    void activeExcludesTerminalOperationsAndListIsNewestFirst() {
        Instant base = Instant.now().plus(Duration.ofDays(3650)); // newer than anything earlier runs stored
        String running = newId();
        String paused = newId();
        String scheduled = newId();
        String completed = newId();
        String canceled = newId();
        String aborted = newId();
        create(rollout(running, RolloutState.RUNNING, base.plusSeconds(1)), List.of());
        create(rollout(paused, RolloutState.PAUSED, base.plusSeconds(2)), List.of());
        create(rollout(scheduled, RolloutState.SCHEDULED, base.plusSeconds(3)), List.of());
        create(rollout(completed, RolloutState.COMPLETED, base.plusSeconds(6)), List.of());
        create(rollout(canceled, RolloutState.CANCELED, base.plusSeconds(5)), List.of());
        StoredRollout a = create(rollout(aborted, RolloutState.RUNNING, base.plusSeconds(4)), List.of());
        store().save(
                        a.withRollout(as(a.rollout(), RolloutState.ABORTED, 0, base.plusSeconds(7), "20% failed")),
                        List.of());

        Set<String> active = new HashSet<>(
                store().active().stream().map(r -> r.rollout().id()).toList());
        assertTrue(active.containsAll(Set.of(running, paused, scheduled)), "active: " + active);
        assertTrue(
                active.stream().noneMatch(Set.of(completed, canceled, aborted)::contains),
                "terminal in active: " + active);
        store().active().forEach(r -> assertTrue(!r.rollout().state().isTerminal() || r.goalsPending()));

        assertEquals(
                List.of(completed, canceled, aborted),
                store().list(3).stream().map(r -> r.rollout().id()).toList());
        assertEquals(List.of(), store().list(0));
    }

    /**
     * The console's operations list: newest first, filtered by state, paged without repeats or gaps. Other tests share
     * the table, so this one pages through every completed operation and checks where its own land.
     */
    @Test
    void listPagesAreNewestFirstFilteredAndContinueWhereTheyEnded() {
        Instant base = Instant.now().plus(Duration.ofDays(3640));
        String c1 = newId();
        String r2 = newId();
        String c3 = newId();
        String c4a = newId();
        String c4b = newId();
        String r5 = newId();
        create(rollout(c1, RolloutState.COMPLETED, base.plusSeconds(1)), List.of());
        create(rollout(r2, RolloutState.RUNNING, base.plusSeconds(2)), List.of());
        create(rollout(c3, RolloutState.COMPLETED, base.plusSeconds(3)), List.of());
        create(rollout(c4a, RolloutState.COMPLETED, base.plusSeconds(4)), List.of());
        create(rollout(c4b, RolloutState.COMPLETED, base.plusSeconds(4)), List.of());
        create(rollout(r5, RolloutState.RUNNING, base.plusSeconds(5)), List.of());
        dev.fleetops.core.rollout.service.RolloutControl control =
                new dev.fleetops.core.rollout.service.RolloutControl(store(), java.time.Clock.systemUTC());

        List<String> seen = new java.util.ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var page = control.list(query("completed", 2, token));
            assertTrue(page.items().size() <= 2);
            page.items().forEach(r -> assertEquals("completed", r.state(), r.id()));
            page.items().forEach(r -> seen.add(r.id()));
            token = page.continuationToken();
            assertTrue(++pages < 10_000, "the pages end");
        } while (token != null);
        assertEquals(seen.size(), new HashSet<>(seen).size(), "no operation twice: " + seen);
        List<String> tied = List.of(c4a, c4b).stream()
                .sorted(java.util.Comparator.reverseOrder())
                .toList();
        List<String> mine =
                seen.stream().filter(Set.of(c1, c3, c4a, c4b)::contains).toList();
        assertEquals(List.of(tied.get(0), tied.get(1), c3, c1), mine, "newest first; the same time by id, descending");
        assertEquals(1, seen.indexOf(tied.get(1)) - seen.indexOf(tied.get(0)), "adjacent, across a page end or not");

        List<String> running = new java.util.ArrayList<>();
        String next = null;
        do {
            var page = control.list(query("running,paused", 50, next));
            page.items().forEach(r -> running.add(r.id()));
            next = page.continuationToken();
        } while (next != null);
        assertEquals(
                List.of(r5, r2),
                running.stream().filter(Set.of(r2, r5)::contains).toList());
    }

    private static dev.fleetops.core.rollout.service.OperationQuery query(String state, int pageSize, String token) {
        java.util.Map<String, String> params = new java.util.HashMap<>();
        params.put("state", state);
        params.put("pageSize", Integer.toString(pageSize));
        if (token != null) {
            params.put("continuationToken", token);
        }
        return ((dev.fleetops.contract.Parsed.Valid<dev.fleetops.core.rollout.service.OperationQuery>)
                        dev.fleetops.core.rollout.service.OperationQuery.parse(params))
                .value();
    }

    /**
     * Finding 4 of "rollouts that fail safe": device rows were written before the etag-checked operation row, so of
     * two saves from one version the loser's device rows could overwrite the winner's. Now only the winner writes.
     */
    @Test
    void ofConcurrentSavesOnlyTheWinnersDeviceRowsAreWritten() throws Exception {
        String id = newId();
        StoredRollout v1 = create(rollout(id, RolloutState.RUNNING, T0), queued(20));
        // Each writer moves every device to its own wave number, so the rows show whose save they are.
        List<StoredRollout> winners = race(6, writer -> () -> {
            List<DeviceExecution> mine = new ArrayList<>();
            for (DeviceExecution e : queued(20)) {
                mine.add(DeviceExecution.queued(e.deviceId(), writer, T0));
            }
            return store().save(
                            v1.withRollout(
                                    as(v1.rollout(), RolloutState.RUNNING, writer, T0.plusSeconds(writer), null)),
                            mine);
        });
        assertEquals(1, winners.size());
        int winner = winners.get(0).rollout().openWave();
        for (DeviceExecution e : store().executions(id)) {
            assertEquals(winner, e.wave(), "every device row is the winner's: " + e);
        }
        StoredRollout after = store().get(id).orElseThrow();
        assertEquals(winners.get(0).etag(), after.etag());
        // The lease ended with the winner's save: the next save from the new version goes through.
        store().save(
                        after.withRollout(as(after.rollout(), RolloutState.PAUSED, winner, T0.plusSeconds(60), null)),
                        List.of());
    }

    /** A decision's trail lines are saved with it, and a save that loses the race writes none. */
    @Test
    void trailLinesAreSavedWithTheDecisionAndNotByALoser() {
        String id = newId();
        StoredRollout v1 = create(rollout(id, RolloutState.RUNNING, T0), queued(2));
        store().save(
                        v1.withRollout(as(v1.rollout(), RolloutState.PAUSED, 0, T0.plusSeconds(1), null)),
                        List.of(),
                        List.of(new AuditEvent(T0.plusSeconds(1), "alice", "paused", "paused by alice")));
        assertThrows(
                ConcurrentUpdateException.class,
                () -> store().save(
                                v1.withRollout(as(v1.rollout(), RolloutState.CANCELED, 0, T0.plusSeconds(2), null)),
                                List.of(),
                                List.of(new AuditEvent(T0.plusSeconds(2), "bob", "canceled", "canceled by bob"))));
        assertEquals(
                List.of("paused by alice"),
                store().auditTrail(id).stream().map(AuditEvent::event).toList());
    }

    /** The tally (devices per state and wave) is stored with the operation, so a listing needs no device row. */
    @Test
    void theTallyRoundTrips() {
        String id = newId();
        List<DeviceExecution> rows = queued(7);
        dev.fleetops.core.rollout.Tally tally = dev.fleetops.core.rollout.Tally.of(rows, 4);
        create(rollout(id, RolloutState.RUNNING, Instant.now()).withTally(tally), rows);
        assertEquals(tally, store().get(id).orElseThrow().tally());
        assertEquals(
                7L, store().get(id).orElseThrow().tally().all().get(dev.fleetops.core.rollout.ExecutionState.QUEUED));
    }

    /** A finished operation that may have left goals in twins is still visited, until it says they are gone. */
    @Test
    void aFinishedOperationWithGoalsPendingStaysActiveUntilCleared() {
        String id = newId();
        StoredRollout r = create(rollout(id, RolloutState.RUNNING, Instant.now()), List.of());
        StoredRollout pending = store().save(r.withGoalsPending(true), List.of());
        assertTrue(store().get(id).orElseThrow().goalsPending(), "the flag round-trips");
        StoredRollout canceled = store().save(
                        pending.withRollout(as(pending.rollout(), RolloutState.CANCELED, 0, Instant.now(), "operator")),
                        List.of());
        assertTrue(store().active().stream().anyMatch(x -> x.rollout().id().equals(id)), "still visited");
        store().save(canceled.withGoalsPending(false), List.of());
        assertTrue(store().active().stream().noneMatch(x -> x.rollout().id().equals(id)), "no longer visited");
    }

    @Test
    void aSavedOperationStillRoundTrips() {
        String id = newId();
        StoredRollout v1 = create(rollout(id, RolloutState.SCHEDULED, T0), variedExecutions());
        StoredRollout next =
                v1.withRollout(as(v1.rollout(), RolloutState.PAUSED, 3, T0.plusNanos(123), "wave 1: 80.00% < 97.50%"));
        StoredRollout v2 = store().save(next, List.of());
        assertEquals(next.withEtag(v2.etag()), v2);
        assertEquals(v2, store().get(id).orElseThrow());
        assertEquals(sorted(variedExecutions()), store().executions(id));
    }

    // ---- answers of queue-triggered dispatch workers (docs/performance.md, "Beyond one instance")

    private static dev.fleetops.core.rollout.service.DispatchAnswer answer(String device, int attempt, boolean goal) {
        DeviceExecution intent = DeviceExecution.restore(
                device, 0, ExecutionState.IN_PROGRESS, attempt, null, T0, T0, "dispatching", null);
        DeviceExecution result = DeviceExecution.restore(
                device, 0, ExecutionState.IN_PROGRESS, attempt, null, T0, T0.plusNanos(5), "accepted", null);
        return new dev.fleetops.core.rollout.service.DispatchAnswer(intent, result, goal);
    }

    @Test
    void workerAnswersAreKeptPerOperationUntilATickRemovesThem() {
        String id = newId();
        String other = newId();
        List<dev.fleetops.core.rollout.service.DispatchAnswer> first = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            first.add(answer(String.format("dev-%03d", i), 1, i == 7));
        }
        first.add(answer("weird#id?/with\\slash%25", 2, false));
        store().appendAnswers(id, first);
        store().appendAnswers(other, List.of(answer("dev-000", 1, false)));
        // A message that ran twice writes the same answers again: still one per device and attempt.
        store().appendAnswers(id, first.subList(0, 10));

        List<dev.fleetops.core.rollout.service.DispatchAnswer> kept = store().answers(id, 1000);
        assertEquals(new java.util.HashSet<>(first), new java.util.HashSet<>(kept), "each answer once, exactly");
        assertEquals(40, store().answers(id, 40).size(), "at most the limit");

        store().removeAnswers(id, kept.subList(0, 100));
        store().removeAnswers(id, kept.subList(50, 120)); // some already gone: no error
        assertEquals(
                new java.util.HashSet<>(kept.subList(120, kept.size())),
                new java.util.HashSet<>(store().answers(id, 1000)));
        assertEquals(1, store().answers(other, 1000).size(), "another operation's answers are its own");
    }

    // ---- what a tick reads: rows by what can change (docs/performance.md, "Ticks")

    private static DeviceExecution row(
            String device, int wave, ExecutionState state, Instant notBefore, Instant dispatchedAt) {
        return DeviceExecution.restore(
                device, wave, state, state == ExecutionState.QUEUED ? 0 : 1, notBefore, dispatchedAt, T0, null, null);
    }

    private static java.util.Map<String, DeviceExecution> byId(List<DeviceExecution> rows) {
        java.util.Map<String, DeviceExecution> m = new java.util.LinkedHashMap<>();
        rows.forEach(e -> m.put(e.deviceId(), e));
        return m;
    }

    private static long inWave(List<DeviceExecution> rows, int wave) {
        return rows.stream().filter(e -> e.wave() == wave).count();
    }

    /**
     * Queued devices come back by wave and due time, in-flight devices by dispatch time, and both follow every save:
     * a device that moves on leaves the range it was in.
     */
    @Test
    void queuedAndInFlightRowsAreReadByWhatCanChange() {
        String id = newId();
        List<DeviceExecution> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Instant later = i < 10 ? T0.plus(Duration.ofHours(1)) : null; // wave 0's first ten wait for a retry
            rows.add(row(String.format("q-%03d", i), i / 100, ExecutionState.QUEUED, later, null));
        }
        StoredRollout r = create(rollout(id, RolloutState.RUNNING, T0), rows);

        List<DeviceExecution> due = store().queued(id, 0, T0, 1000);
        assertEquals(90, due.size(), "wave 0 without the ten that wait");
        assertTrue(due.stream().allMatch(e -> e.wave() == 0 && e.notBefore() == null));
        List<DeviceExecution> twoWaves = store().queued(id, 1, T0, 150);
        assertEquals(150, twoWaves.size());
        assertEquals(90, inWave(twoWaves, 0), "lower waves first");
        assertEquals(60, inWave(twoWaves, 1));
        assertEquals(
                100, store().queued(id, 0, T0.plus(Duration.ofHours(2)), 1000).size(), "later, all of wave 0");
        assertEquals(
                300, store().queued(id, Integer.MAX_VALUE, Instant.MAX, 1000).size());

        // 20 of wave 0 are dispatched, one second apart; then 5 of those succeed.
        java.util.Map<String, DeviceExecution> before = byId(rows);
        List<DeviceExecution> started = new ArrayList<>();
        for (int i = 10; i < 30; i++) {
            started.add(row(String.format("q-%03d", i), 0, ExecutionState.IN_PROGRESS, null, T0.plusSeconds(i - 10)));
        }
        r = store().save(r, before, started, List.of());
        assertEquals(70, store().queued(id, 0, T0, 1000).size());
        List<DeviceExecution> timedOut = store().inProgress(id, T0.plusSeconds(9), 100);
        assertEquals(10, timedOut.size(), "dispatched at or before the cutoff");
        assertEquals(
                timedOut.stream()
                        .sorted(Comparator.comparing(DeviceExecution::dispatchedAt))
                        .toList(),
                timedOut,
                "oldest first");
        assertEquals(20, store().inProgress(id, Instant.MAX, 100).size());

        List<DeviceExecution> done = started.subList(0, 5).stream()
                .map(e -> DeviceExecution.restore(
                        e.deviceId(),
                        0,
                        ExecutionState.SUCCEEDED,
                        1,
                        null,
                        e.dispatchedAt(),
                        T0.plusSeconds(60),
                        "ok",
                        null))
                .toList();
        store().save(r, byId(started), done, List.of());
        assertEquals(15, store().inProgress(id, Instant.MAX, 100).size(), "finished devices leave the in-flight range");

        // Point reads find the operation's rows and skip others; whole-operation reads see each device once.
        assertEquals(
                Set.of("q-010", "q-299"),
                store().executions(id, List.of("q-010", "q-299", "not-in-it")).stream()
                        .map(DeviceExecution::deviceId)
                        .collect(java.util.stream.Collectors.toSet()));
        assertEquals(300, store().executions(id).size());
        assertEquals(
                15,
                store().executions(id, ExecutionState.IN_PROGRESS, null, 1000)
                        .items()
                        .size());
        assertEquals(
                5,
                store().executions(id, ExecutionState.SUCCEEDED, null, 1000)
                        .items()
                        .size());
    }

    /** A save that does not say what the rows were (an older caller) still moves them between ranges. */
    @Test
    void aSaveWithoutTheRowsAsTheyWereStillMovesThem() {
        String id = newId();
        List<DeviceExecution> rows = queued(40);
        StoredRollout r = create(rollout(id, RolloutState.RUNNING, T0), rows);
        List<DeviceExecution> started = rows.subList(0, 12).stream()
                .map(e -> row(e.deviceId(), e.wave(), ExecutionState.IN_PROGRESS, null, T0))
                .toList();
        store().save(r, started);
        assertEquals(
                28, store().queued(id, Integer.MAX_VALUE, Instant.MAX, 1000).size());
        assertEquals(12, store().inProgress(id, Instant.MAX, 1000).size());
    }
}
