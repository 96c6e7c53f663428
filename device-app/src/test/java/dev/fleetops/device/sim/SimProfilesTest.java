package dev.fleetops.device.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.action.HealthWatch;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.testkit.Packages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's behaviours, run on the real agent. */
class SimProfilesTest {
    private static final byte[] PACKAGE = "sim image".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private String update(AgentHarness h, TestHttps https) throws Exception {
        var r = h.call(
                "firmwareUpdate",
                "{\"operationId\":\"sim-1\",\"version\":\"2.0.0\",\"packageUri\":\""
                        + https.server().url("/fw.bin") + "\",\"sha256\":\"" + Packages.sha256(PACKAGE) + "\"}");
        h.idle();
        return String.valueOf(r.status());
    }

    private TestHttps packages() throws Exception {
        TestHttps https = TestHttps.start(Files.createDirectories(dir.resolve("s")));
        https.server().publish("/fw.bin", PACKAGE);
        return https;
    }

    private AgentHarness harness(TestHttps https, Behaviour b, Runnable onCrash) throws Exception {
        AgentHarness h = new AgentHarness(Files.createDirectories(dir.resolve("device")))
                .http(https.client())
                .updates(SimProfiles.updates(
                        b, UpdateSettings.defaults().withHealthDeadline(java.time.Duration.ofMillis(300)), onCrash));
        h.start();
        return h;
    }

    @Test
    void failHealthDevicesRollEveryUpdateBack() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = harness(https, Behaviour.FAIL_HEALTH, () -> {})) {
            update(h, https);
            assertEquals(
                    "rolledBack", h.onDisk().finished("sim-1").orElseThrow().status());
            assertEquals("1.0.0", h.onDisk().firmwareVersion());
        }
    }

    @Test
    void regressingDevicesPassAtInstallThenRollBackDuringTheWatchWithTheSameOperationId() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = harness(https, Behaviour.REGRESS, () -> {})) {
            assertEquals(String.valueOf(MethodStatus.ACCEPTED), update(h, https));
            assertEquals(
                    java.util.List.of(
                            "waiting",
                            "downloading",
                            "downloadComplete",
                            "applying",
                            "rebooting",
                            "applyComplete",
                            "rolledBack"),
                    h.hub.steps("firmwareUpdate"));
            var fw = h.hub.reportedDm("firmwareUpdate");
            assertEquals("sim-1", fw.get("operationId").getAsString());
            assertEquals("1.0.0", fw.get("version").getAsString());
            assertEquals(
                    "healthCheckFailed", fw.getAsJsonObject("error").get("code").getAsString());
            assertEquals(
                    "failed",
                    h.hub.reported().getAsJsonObject("health").get("status").getAsString());
            assertEquals("1.0.0", h.onDisk().firmwareVersion());
            assertEquals(
                    "rolledBack", h.onDisk().finished("sim-1").orElseThrow().status());
        }
    }

    @Test
    void regressingDevicesGetAWatchEvenWhenTheFleetRunsWithout() {
        UpdateSettings none = UpdateSettings.defaults();
        assertEquals(
                SimProfiles.REGRESS_WATCH,
                SimProfiles.updates(Behaviour.REGRESS, none, () -> {}).watch());
        HealthWatch own = HealthWatch.ofSeconds(30, 2);
        assertEquals(
                own,
                SimProfiles.updates(Behaviour.REGRESS, none.withWatch(own), () -> {})
                        .watch());
        assertEquals(
                HealthWatch.OFF,
                SimProfiles.updates(Behaviour.NORMAL, none, () -> {}).watch());
    }

    @Test
    void regressingDevicesAreHealthyAtStartUp() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = harness(https, Behaviour.REGRESS, () -> {})) {
            assertEquals(
                    "ok",
                    h.hub.reported().getAsJsonObject("health").get("status").getAsString());
        }
    }

    @Test
    void rejectingDevicesAnswer500AndChangeNothing() throws Exception {
        try (TestHttps https = packages();
                AgentHarness h = harness(https, Behaviour.REJECT, () -> {})) {
            assertEquals(String.valueOf(MethodStatus.DEVICE_ERROR), update(h, https));
            assertTrue(h.onDisk().finished("sim-1").isEmpty());
            assertEquals(0, https.server().requests());
        }
    }

    @Test
    void crashingDevicesDieAtApplyingAndAskToBeRestarted() throws Exception {
        AtomicInteger restarts = new AtomicInteger();
        try (TestHttps https = packages();
                AgentHarness h = harness(https, Behaviour.CRASH, restarts::incrementAndGet)) {
            update(h, https);
            assertEquals(1, restarts.get());
            assertEquals("applying", h.onDisk().current().status(), "dead at the crash step, nothing after it ran");
        }
    }
}
