package dev.fleetops.core.rollout.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.core.firmware.PackageLinks;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodInvoker;
import dev.fleetops.core.rollout.service.RolloutService.CreateOutcome;
import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A catalog package is stored by its plain URL and sent with a fresh, short-lived link per device and dispatch. */
class CatalogDispatchTest {
    private static final String PLAIN = "https://store.example/firmware/2.1.0/package.bin";
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryRolloutStore store = new InMemoryRolloutStore();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final AtomicInteger signed = new AtomicInteger();
    /** Signs only the catalog's URLs, each link different (as SAS links are: their signature covers the expiry). */
    private final PackageLinks links = (uri, expiresAt) -> uri.equals(PLAIN)
            ? Optional.of(uri + "?n=" + signed.incrementAndGet() + "&se=" + expiresAt)
            : Optional.empty();

    private final Map<String, JsonObject> sent = new ConcurrentHashMap<>();
    private final Map<String, JsonObject> goals = new ConcurrentHashMap<>();

    @AfterEach
    void close() {
        pool.shutdownNow();
    }

    private String create(String packageUri, int timeoutMinutes) {
        String body = "{\"action\":\"firmwareUpdate\",\"firmware\":{\"version\":\"2.1.0\",\"packageUri\":\""
                + packageUri + "\",\"sha256\":\"" + "a".repeat(64) + "\"},\"target\":{\"deviceIds\":[\"a\",\"b\"]},"
                + "\"deviceTimeoutMinutes\":" + timeoutMinutes + "}";
        CreateOutcome.Created c = assertInstanceOf(
                CreateOutcome.Created.class,
                new RolloutService(store, clock).create(StrictJson.parseObject(body), null, "t"));
        assertEquals(packageUri, c.rollout().actionPayload().get("packageUri").getAsString(), "stored without a link");
        return c.rollout().rollout().id();
    }

    private void tick(String id, MethodInvoker methods) {
        new RolloutTicker(
                        store,
                        (q, m) -> List.of(),
                        methods,
                        (d, patch) -> {
                            goals.put(d, patch);
                            return Optional.empty();
                        },
                        clock,
                        pool,
                        DispatchPacer.UNLIMITED,
                        DispatchWindow.fixed(Integer.MAX_VALUE),
                        RolloutTicker.DEFAULT_DISPATCH_BUDGET,
                        links)
                .tick(id);
    }

    @Test
    void eachDeviceGetsItsOwnLinkValidAsLongAsTheOperationWaitsForIt() {
        String id = create(PLAIN, 90);
        tick(id, (d, m, p) -> {
            sent.put(d, p.getAsJsonObject());
            return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
        });
        String a = sent.get("a").get("packageUri").getAsString();
        String b = sent.get("b").get("packageUri").getAsString();
        assertTrue(a.startsWith(PLAIN + "?"), a);
        assertNotEquals(a, b, "one link per device");
        assertTrue(a.endsWith("se=" + clock.instant().plus(Duration.ofMinutes(90))), a);
        assertEquals(
                PLAIN,
                store.get(id).orElseThrow().actionPayload().get("packageUri").getAsString());
    }

    @Test
    void anOfflineDevicesGoalExpiresWithItsLink() {
        String id = create(PLAIN, 5);
        tick(id, (d, m, p) -> new HubFailure(HubFailure.Kind.DEVICE_OFFLINE, 404, 404103, "offline", null));
        JsonObject goal = goals.get("a").getAsJsonObject("firmware");
        Instant linkExpiry = clock.instant().plus(Duration.ofMinutes(15));
        assertTrue(goal.get("packageUri").getAsString().endsWith("se=" + linkExpiry), goal.toString());
        assertEquals(Timestamps.format(linkExpiry), goal.get("expiresAt").getAsString(), "no goal outlives its link");
    }

    @Test
    void aPackageOutsideTheCatalogIsSentAsGivenWithTheUsualGoalLifetime() {
        String other = "https://cdn.example/fw.bin";
        String id = create(other, 5);
        tick(id, (d, m, p) -> new HubFailure(HubFailure.Kind.DEVICE_OFFLINE, 404, 404103, "offline", null));
        JsonObject goal = goals.get("a").getAsJsonObject("firmware");
        assertEquals(other, goal.get("packageUri").getAsString());
        assertEquals(
                Timestamps.format(clock.instant().plus(Dispatcher.GOAL_LIFETIME)),
                goal.get("expiresAt").getAsString());
        assertEquals(0, signed.get());
    }

    @Test
    void aSigningFailureSendsNothing() {
        String id = create(PLAIN, 5);
        PackageLinks broken = (uri, at) -> {
            throw new IllegalStateException("storage down");
        };
        AtomicInteger calls = new AtomicInteger();
        try {
            new RolloutTicker(
                            store,
                            (q, m) -> List.of(),
                            (d, m, p) -> {
                                calls.incrementAndGet();
                                return new MethodAnswer(202, StrictJson.parse("{\"result\":\"accepted\"}"));
                            },
                            dev.fleetops.core.hub.DesiredWriter.NONE,
                            clock,
                            pool,
                            DispatchPacer.UNLIMITED,
                            DispatchWindow.fixed(Integer.MAX_VALUE),
                            RolloutTicker.DEFAULT_DISPATCH_BUDGET,
                            broken)
                    .tick(id);
        } catch (RuntimeException expected) {
            // the tick fails; what matters is that no device was called
        }
        assertEquals(0, calls.get());
        assertFalse(store.executions(id).stream()
                .anyMatch(e -> e.state() == dev.fleetops.core.rollout.ExecutionState.IN_PROGRESS));
    }
}
