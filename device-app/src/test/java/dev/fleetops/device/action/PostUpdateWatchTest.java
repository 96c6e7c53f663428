package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.action.PostUpdateWatch.Next;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Provisional;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.SimulatedCrash;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The post-update health watch: its decisions, regression rollback, commit, restart and a request during it. */
class PostUpdateWatchTest {
    private static final byte[] PACKAGE = "firmware 2.0.0 image".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Provisional P = new Provisional("op-1", "2.0.0", "2026-01-01T00:10:00.000Z");
    /** Long against the harness clock (one second per read), so the watch is still on when a test acts. */
    private static final HealthWatch LONG = HealthWatch.ofSeconds(86_400, 3_600);

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    // ---- the pure decision -------------------------------------------------------------------------------

    @Test
    void decisionFollowsTheStateAndTheTime() {
        assertEquals(Next.NONE, PostUpdateWatch.next(null, "2.0.0", false, NOW));
        assertEquals(Next.WAIT_AND_CHECK, PostUpdateWatch.next(P, "2.0.0", false, NOW));
        assertEquals(Next.FINAL_CHECK, PostUpdateWatch.next(P, "2.0.0", false, Instant.parse("2026-01-01T00:10:00Z")));
        assertEquals(Next.FINAL_CHECK, PostUpdateWatch.next(P, "2.0.0", false, Instant.parse("2026-01-02T00:00:00Z")));
        assertEquals(Next.COMMIT_SUPERSEDED, PostUpdateWatch.next(P, "2.0.0", true, NOW));
        assertEquals(Next.DROP_STALE, PostUpdateWatch.next(P, "1.0.0", false, NOW), "rolled back by request");
        assertEquals(Next.DROP_STALE, PostUpdateWatch.next(P, "1.0.0", true, NOW), "stale before superseded");
        assertEquals(
                Next.FINAL_CHECK,
                PostUpdateWatch.next(new Provisional("op-1", "2.0.0", "garbage"), "2.0.0", false, NOW),
                "an unreadable deadline ends the watch with one check rather than never");
    }

    @Test
    void watchSettingsAreValidated() {
        assertFalse(HealthWatch.OFF.on());
        assertTrue(HealthWatch.ofSeconds(5, 1).on());
        assertEquals(Duration.ofSeconds(5), HealthWatch.ofSeconds(5, 60).interval(), "one check, at the end");
        assertThrows(IllegalArgumentException.class, () -> HealthWatch.ofSeconds(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> HealthWatch.ofSeconds(5, 0));
    }

    // ---- the agent -----------------------------------------------------------------------------------------

    private TestHttps packages() throws Exception {
        TestHttps https = TestHttps.start(Files.createDirectories(dir.resolve("s")));
        https.server().publish("/fw.bin", PACKAGE);
        https.server().publish("/fw3.bin", PACKAGE);
        return https;
    }

    private AgentHarness agent(TestHttps https, UpdateSettings updates) throws Exception {
        return new AgentHarness(Files.createDirectories(dir.resolve("device")))
                .http(https.client())
                .updates(updates);
    }

    private static UpdateSettings watched(HealthWatch w, SelfTest test) {
        return UpdateSettings.defaults()
                .withHealthDeadline(Duration.ofSeconds(5))
                .withWatch(w)
                .withSelfTest(test);
    }

    private static String update(AgentHarness h, TestHttps https, String id, String version, String path) {
        var r = h.call(
                "firmwareUpdate",
                "{\"operationId\":\"" + id + "\",\"version\":\"" + version + "\",\"packageUri\":\""
                        + https.server().url(path) + "\",\"sha256\":\"" + Packages.sha256(PACKAGE) + "\"}");
        assertEquals(MethodStatus.ACCEPTED, r.status(), String.valueOf(r.payload()));
        return id;
    }

    private static DeviceState await(AgentHarness h, Predicate<DeviceState> done) {
        return Waits.until(Waits.upTo(WAIT), h::onDisk, done, s -> "timed out; state " + s);
    }

    private static JsonObject section(AgentHarness h) {
        try {
            return h.hub.reportedDm("firmwareUpdate");
        } catch (RuntimeException notYet) {
            return null;
        }
    }

    /** A self-test that passes its first call for a version (the check at install) and fails the ones after. */
    private static SelfTest passesOnceThenFails() {
        AtomicInteger calls = new AtomicInteger();
        return v -> "2.0.0".equals(v) && calls.incrementAndGet() > 1 ? "sensor offline" : null;
    }

    @Test
    void aCheckFailingDuringTheWatchRollsBackWithTheSameOperationId() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = agent(https, watched(HealthWatch.ofSeconds(30, 5), passesOnceThenFails()))) {
            h.start();
            update(h, https, "op-1", "2.0.0", "/fw.bin");
            h.idle();

            DeviceState s = h.onDisk();
            assertEquals("1.0.0", s.firmwareVersion(), "back on the previous version");
            assertNull(s.provisional());
            assertNull(s.slots().previousVersion(), "a version that regressed is no rollback target");
            assertFalse(s.slots().trial());
            assertEquals("rolledBack", s.finished("op-1").orElseThrow().status(), "a repeated op-1 answers so");
            assertEquals(0, s.securityVersion());

            assertEquals(
                    List.of(
                            "waiting",
                            "downloading",
                            "downloadComplete",
                            "applying",
                            "rebooting",
                            "applyComplete",
                            "rolledBack"),
                    h.hub.steps("firmwareUpdate"));
            JsonObject fw = h.hub.reportedDm("firmwareUpdate");
            assertEquals("op-1", fw.get("operationId").getAsString());
            assertEquals("1.0.0", fw.get("version").getAsString(), "the restored version");
            JsonObject error = fw.getAsJsonObject("error");
            assertEquals("healthCheckFailed", error.get("code").getAsString());
            assertTrue(error.get("message").getAsString().contains("failed after install"), error.toString());
            assertTrue(error.get("message").getAsString().contains("sensor offline"), error.toString());
            assertEquals("1.0.0", h.hub.reportedFirmwareVersion());
            JsonObject health = h.hub.reported().getAsJsonObject("health");
            assertEquals("failed", health.get("status").getAsString());
            assertEquals("2.0.0", health.get("version").getAsString(), "the version that failed its check");

            var again = h.call(
                    "firmwareUpdate",
                    "{\"operationId\":\"op-1\",\"version\":\"2.0.0\",\"packageUri\":\"https://x.example/f\","
                            + "\"sha256\":\"" + Packages.sha256(PACKAGE) + "\"}");
            assertEquals(MethodStatus.NO_NEW_OPERATION, again.status(), "the same operation is never re-run");
            assertEquals("duplicate", AgentHarness.ackResult(again));
        }
    }

    @Test
    void aWatchThatPassesCommitsTheVersionWithoutAnotherFirmwareReport() throws Exception {
        AtomicInteger checks = new AtomicInteger();
        try (TestHttps https = packages();
                AgentHarness h = agent(https, watched(HealthWatch.ofSeconds(30, 5), v -> {
                    checks.incrementAndGet();
                    return null;
                }))) {
            h.start();
            update(h, https, "op-1", "2.0.0", "/fw.bin");
            h.idle();

            DeviceState s = h.onDisk();
            assertEquals("2.0.0", s.firmwareVersion());
            assertNull(s.provisional());
            assertFalse(s.slots().trial(), "committed");
            assertEquals("1.0.0", s.slots().previousVersion(), "the old version stays the rollback target");
            assertEquals("applyComplete", s.finished("op-1").orElseThrow().status());
            assertTrue(
                    s.audit().stream().anyMatch(a -> a.event().contains("health watch of 2.0.0 passed; committed")),
                    s.audit().toString());
            assertTrue(checks.get() >= 3, "checked at install, during the watch and at its end: " + checks.get());
            assertEquals(
                    List.of("waiting", "downloading", "downloadComplete", "applying", "rebooting", "applyComplete"),
                    h.hub.steps("firmwareUpdate"));
            JsonObject health = h.hub.reported().getAsJsonObject("health");
            assertEquals("ok", health.get("status").getAsString());
            assertEquals("2.0.0", health.get("version").getAsString());
            assertNotNull(health.get("checkedAt").getAsString());
        }
    }

    @Test
    void theSecurityVersionRisesOnlyWhenTheWatchCommits() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = agent(
                        https,
                        watched(LONG, SelfTest.PASS).withSteps(SimulatedCrash.at(PostUpdateWatch.STEP_PROVISIONAL)))) {
            h.start();
            h.call(
                    "firmwareUpdate",
                    "{\"operationId\":\"op-s\",\"version\":\"2.0.0\",\"packageUri\":\""
                            + https.server().url("/fw.bin") + "\",\"sha256\":\"" + Packages.sha256(PACKAGE)
                            + "\",\"securityVersion\":4,\"manifestExpiresAt\":\"2099-01-01T00:00:00.000Z\"}");
            DeviceState s = await(h, st -> st.provisional() != null);
            assertEquals(0, s.securityVersion(), "not raised while provisional: a regression may still roll back");
            assertEquals(4L, s.slots().activeSecurityVersion());
        }
    }

    @Test
    void theSecurityVersionRisesWhenTheWatchPasses() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = agent(https, watched(HealthWatch.ofSeconds(30, 5), SelfTest.PASS))) {
            h.start();
            h.call(
                    "firmwareUpdate",
                    "{\"operationId\":\"op-s\",\"version\":\"2.0.0\",\"packageUri\":\""
                            + https.server().url("/fw.bin") + "\",\"sha256\":\"" + Packages.sha256(PACKAGE)
                            + "\",\"securityVersion\":4,\"manifestExpiresAt\":\"2099-01-01T00:00:00.000Z\"}");
            h.idle();
            DeviceState s = h.onDisk();
            assertNull(s.provisional());
            assertEquals(4, s.securityVersion());
        }
    }

    @Test
    void aRestartDuringTheWatchResumesItAndAFailingCheckStillRollsBack() throws Exception {
        Path device = Files.createDirectories(dir.resolve("device"));
        try (TestHttps https = packages()) {
            // First life: applyComplete and the watch saved, then the device dies (power cut).
            try (AgentHarness h = agent(
                    https,
                    watched(LONG, SelfTest.PASS).withSteps(SimulatedCrash.at(PostUpdateWatch.STEP_PROVISIONAL)))) {
                h.start();
                update(h, https, "op-1", "2.0.0", "/fw.bin");
                DeviceState s = await(h, st -> st.provisional() != null);
                assertEquals("op-1", s.provisional().operationId());
                assertEquals("2.0.0", s.provisional().version());
                assertTrue(s.slots().trial(), "still on trial while provisional");
                assertNull(s.current(), "the update itself has ended: applyComplete");
            }
            // Second life on the same state directory: the version now fails, within the (still open) watch.
            try (AgentHarness h = new AgentHarness(device)
                    .http(https.client())
                    .updates(watched(HealthWatch.ofSeconds(86_400, 1), v -> "2.0.0".equals(v) ? "broken" : null))) {
                h.startNoWait();
                JsonObject fw = Waits.until(
                        Waits.upTo(WAIT),
                        () -> section(h),
                        r -> r != null && "rolledBack".equals(r.get("status").getAsString()),
                        r -> "timed out; reported " + r);
                h.idle();
                DeviceState s = h.onDisk();
                assertNull(s.provisional());
                assertEquals("1.0.0", s.firmwareVersion());
                assertEquals("rolledBack", s.finished("op-1").orElseThrow().status());
                assertEquals("op-1", fw.get("operationId").getAsString());
                assertEquals(
                        "healthCheckFailed",
                        fw.getAsJsonObject("error").get("code").getAsString());
            }
        }
    }

    @Test
    void aWatchThatEndedWhileTheDeviceWasDownGetsOneCheckThenCommits() throws Exception {
        Path device = Files.createDirectories(dir.resolve("device"));
        try (TestHttps https = packages()) {
            try (AgentHarness h = agent(
                    https,
                    watched(LONG, SelfTest.PASS).withSteps(SimulatedCrash.at(PostUpdateWatch.STEP_PROVISIONAL)))) {
                h.start();
                update(h, https, "op-1", "2.0.0", "/fw.bin");
                await(h, st -> st.provisional() != null);
            }
            AtomicInteger checks = new AtomicInteger();
            try (AgentHarness h = new AgentHarness(device).http(https.client()).updates(watched(LONG, v -> {
                checks.incrementAndGet();
                return null;
            }))) {
                h.clock.set(Instant.parse("2027-01-01T00:00:00Z")); // long after the watch's end
                h.start();
                DeviceState s = h.onDisk();
                assertNull(s.provisional());
                assertEquals("2.0.0", s.firmwareVersion());
                assertFalse(s.slots().trial());
                assertEquals(1, checks.get(), "one last check, then committed");
                assertEquals(
                        "ok",
                        h.hub.reported().getAsJsonObject("health").get("status").getAsString());
            }
        }
    }

    @Test
    void aNewUpdateDuringTheWatchCommitsTheWatchedVersionFirst() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = agent(https, watched(LONG, SelfTest.PASS))) {
            h.sleeper(Sleeper.REAL).start();
            update(h, https, "op-1", "2.0.0", "/fw.bin");
            await(h, st -> st.provisional() != null && st.current() == null);

            update(h, https, "op-2", "3.0.0", "/fw3.bin");
            DeviceState s = await(
                    h,
                    st -> st.provisional() != null
                            && "op-2".equals(st.provisional().operationId()));
            assertEquals("3.0.0", s.firmwareVersion());
            assertEquals("2.0.0", s.slots().previousVersion(), "2.0.0 was committed, so it is the fallback now");
            assertEquals("applyComplete", s.finished("op-1").orElseThrow().status(), "never rolled back");
            assertTrue(
                    s.audit().stream().anyMatch(a -> a.event().contains("health watch of 2.0.0 ended early by op-2")),
                    s.audit().toString());
        }
    }

    @Test
    void aManualRollbackDuringTheWatchDropsIt() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = agent(https, watched(LONG, SelfTest.PASS))) {
            h.sleeper(Sleeper.REAL).start();
            update(h, https, "op-1", "2.0.0", "/fw.bin");
            await(h, st -> st.provisional() != null && st.current() == null);

            assertEquals(
                    MethodStatus.ACCEPTED,
                    h.call("rollback", "{\"operationId\":\"rb-1\"}").status());
            DeviceState s = await(h, st -> st.provisional() == null);
            assertEquals("1.0.0", s.firmwareVersion());
            assertEquals("rolledBack", s.finished("rb-1").orElseThrow().status());
            assertEquals("applyComplete", s.finished("op-1").orElseThrow().status());
        }
    }

    @Test
    void theDeviceReportsItsHealthAtStartUp() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = agent(https, watched(HealthWatch.OFF, v -> "1.0.0".equals(v) ? "disk full" : null))) {
            h.start();
            JsonObject health = h.hub.reported().getAsJsonObject("health");
            assertEquals("failed", health.get("status").getAsString());
            assertEquals("1.0.0", health.get("version").getAsString());
            assertFalse(health.toString().contains("disk full"), "the reason stays out of the small health object");
            assertEquals("failed", h.onDisk().health().status(), "kept, so a reconnect re-publishes it");
        }
    }

    @Test
    void withoutAWatchAnUpdateIsConfirmedAtApplyCompleteAsBefore() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = agent(https, watched(HealthWatch.OFF, SelfTest.PASS))) {
            h.start();
            update(h, https, "op-1", "2.0.0", "/fw.bin");
            h.idle();
            DeviceState s = h.onDisk();
            assertNull(s.provisional());
            assertFalse(s.slots().trial());
            assertEquals("applyComplete", s.finished("op-1").orElseThrow().status());
            assertEquals(
                    "ok",
                    h.hub.reported().getAsJsonObject("health").get("status").getAsString());
        }
    }
}
