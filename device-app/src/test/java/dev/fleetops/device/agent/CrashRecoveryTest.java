package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import dev.fleetops.device.state.StateStore;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the agent on a state file left behind by a device that died mid-operation. */
class CrashRecoveryTest {
    private static final String T = "2025-12-31T23:00:00Z";
    private static final byte[] PACKAGE = "staged image".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private void crashedWith(DeviceState s) {
        new StateStore(dir, TestClock.ticking(TestClock.START, Duration.ofSeconds(1))).save(s);
    }

    private static DeviceState base() {
        return DeviceState.factory("1.0.0").booted(null);
    }

    private static JsonObject section(AgentHarness h, String name) {
        return h.hub.reported().getAsJsonObject("iothubDM").getAsJsonObject(name);
    }

    @Test
    void deathWhileRebootingCountsAsTheReboot() throws Exception {
        crashedWith(base().withCurrent(Operation.reboot("r-1", null, "rebooting", T)));
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            DeviceState s = h.onDisk();
            assertNull(s.current());
            assertEquals(2, s.bootCount(), "the restart is the reboot; it is not counted twice");
            assertEquals("completed", s.finished("r-1").orElseThrow().status());
            assertEquals("completed", section(h, "reboot").get("status").getAsString());
            assertEquals(s.lastReboot(), section(h, "reboot").get("lastReboot").getAsString());
        }
    }

    @Test
    void interruptedDownloadFailsAsInterrupted() throws Exception {
        crashedWith(base().withCurrent(
                        Operation.firmware("fw-1", "2.0.0", "https://h/p", "a".repeat(64), null, "downloading", T)
                                .withStagedFile("downloads/fw-1.bin")));
        Files.createDirectories(dir.resolve("downloads"));
        Files.write(dir.resolve("downloads/fw-1.bin"), new byte[] {1, 2});
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            JsonObject fw = section(h, "firmwareUpdate");
            assertEquals("downloadFailed", fw.get("status").getAsString());
            assertEquals("interrupted", fw.getAsJsonObject("error").get("code").getAsString());
            assertEquals("1.0.0", h.onDisk().firmwareVersion());
            assertNull(h.onDisk().current());
            assertFalse(Files.exists(dir.resolve("downloads/fw-1.bin")));
        }
    }

    @Test
    void verifiedStagedPackageIsAppliedAfterRestart() throws Exception {
        Files.createDirectories(dir.resolve("downloads"));
        Files.write(dir.resolve("downloads/fw-2.bin"), PACKAGE);
        crashedWith(base().withCurrent(Operation.firmware(
                        "fw-2", "2.0.0", "https://h/p", Packages.sha256(PACKAGE), null, "applying", T)
                .withStagedFile("downloads/fw-2.bin")));
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            h.idle();
            List<String> steps = h.hub.steps("firmwareUpdate");
            assertEquals(
                    List.of("applying", "rebooting", "applyComplete"), steps.subList(steps.size() - 3, steps.size()));
            assertEquals("2.0.0", h.onDisk().firmwareVersion());
            assertEquals("2.0.0", h.hub.reportedFirmwareVersion());
        }
    }

    @Test
    void damagedStagedPackageFailsTheApply() throws Exception {
        Files.createDirectories(dir.resolve("downloads"));
        Files.write(dir.resolve("downloads/fw-3.bin"), "tampered".getBytes(StandardCharsets.UTF_8));
        crashedWith(base().withCurrent(Operation.firmware(
                        "fw-3", "2.0.0", "https://h/p", Packages.sha256(PACKAGE), null, "downloadComplete", T)
                .withStagedFile("downloads/fw-3.bin")));
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            assertEquals(
                    "applyFailed", section(h, "firmwareUpdate").get("status").getAsString());
            assertEquals("1.0.0", h.onDisk().firmwareVersion());
        }
    }

    @Test
    void deathWhileRebootingIntoNewFirmwareCompletesTheUpdate() throws Exception {
        crashedWith(base().withFirmwareVersion("2.0.0")
                .withCurrent(Operation.firmware("fw-4", "2.0.0", "https://h/p", "a".repeat(64), null, "rebooting", T)));
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            assertEquals(
                    "applyComplete", section(h, "firmwareUpdate").get("status").getAsString());
            assertEquals(
                    "applyComplete", h.onDisk().finished("fw-4").orElseThrow().status());
            assertEquals("2.0.0", h.hub.reportedFirmwareVersion());
        }
    }

    @Test
    void interruptedFactoryResetIsFinishedAndReportedSettingsCleared() throws Exception {
        crashedWith(base().withFirmwareVersion("3.0.0")
                .withSettings(Map.of("a", "b"))
                .withCurrent(Operation.factoryReset("fr-1", "inProgress", T)));
        try (AgentHarness h = new AgentHarness(dir)) {
            h.hub.setReported(StrictJson.parseObject("{\"settings\":{\"a\":\"b\"}}"));
            h.start();
            DeviceState s = h.onDisk();
            assertEquals("1.0.0", s.firmwareVersion());
            assertTrue(s.settings().isEmpty());
            assertEquals("completed", s.finished("fr-1").orElseThrow().status());
            assertFalse(h.hub.reported().has("settings"));
            assertEquals("completed", section(h, "factoryReset").get("status").getAsString());
        }
    }

    @Test
    void corruptStateStartsFreshAndKeepsTheEvidence() throws Exception {
        Files.writeString(dir.resolve("state.json"), "not json");
        try (AgentHarness h = new AgentHarness(dir)) {
            h.start();
            assertEquals("1.0.0", h.onDisk().firmwareVersion());
            try (var files = Files.list(dir)) {
                assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("state.json.corrupt-")));
            }
        }
    }
}
