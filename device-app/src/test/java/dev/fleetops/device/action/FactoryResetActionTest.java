package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.FinishedOperation;
import dev.fleetops.device.state.StateStore;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactoryResetActionTest {
    @TempDir
    Path dir;

    @Test
    void resetWipesLocalStateAndReportedSettingsButKeepsHistory() throws Exception {
        new StateStore(dir, TestClock.ticking(TestClock.START, Duration.ofSeconds(1)))
                .save(DeviceState.factory("1.0.0")
                        .withFirmwareVersion("3.1.0")
                        .withSettings(Map.of("telemetryInterval", "10"))
                        .finishedImmediately(new FinishedOperation("old-op", Action.REBOOT, "completed", "t")));
        Files.createDirectories(dir.resolve("downloads"));
        Files.writeString(dir.resolve("downloads/leftover.bin"), "x");
        try (AgentHarness h = new AgentHarness(dir)) {
            h.hub.setReported(
                    StrictJson.parseObject(
                            "{\"iothubDM\":{\"firmwareVersion\":\"3.1.0\"},\"settings\":{\"telemetryInterval\":10},\"location\":\"lab\"}"));
            h.start();
            h.hub.clearPatches();

            assertEquals(
                    MethodStatus.ACCEPTED,
                    h.call("factoryReset", "{\"operationId\":\"fr-1\"}").status());
            h.idle();

            assertEquals(List.of("inProgress", "completed"), h.hub.statuses("factoryReset"));
            JsonObject reported = h.hub.reported();
            assertFalse(reported.has("settings"), reported.toString());
            assertFalse(reported.has("location"), reported.toString());
            JsonObject dm = reported.getAsJsonObject("iothubDM");
            assertEquals("1.0.0", dm.get("firmwareVersion").getAsString());
            JsonObject fr = dm.getAsJsonObject("factoryReset");
            assertEquals("fr-1", fr.get("operationId").getAsString());
            assertTrue(fr.has("lastFactoryReset"));

            DeviceState s = h.onDisk();
            assertEquals("1.0.0", s.firmwareVersion());
            assertEquals(Map.of(), s.settings());
            assertNull(s.current());
            assertFalse(s.clearReportedPending());
            assertTrue(s.finished("old-op").isPresent(), "history survives so old ids stay idempotent");
            assertEquals("completed", s.finished("fr-1").orElseThrow().status());
            assertFalse(Files.exists(dir.resolve("downloads/leftover.bin")));
        }
    }

    @Test
    void reportsLostWhileTheHubIsUnreachableAreRepairedAfterReconnect() throws Exception {
        try (AgentHarness h = new AgentHarness(dir)) {
            h.hub.setReported(StrictJson.parseObject("{\"location\":\"lab\"}"));
            h.start();
            h.hub.failReports(true);

            h.call("factoryReset", "{\"operationId\":\"fr-2\"}");
            h.idle();
            assertTrue(h.onDisk().clearReportedPending(), "the wipe of reported settings is still owed");
            assertTrue(h.hub.reported().has("location"));

            h.hub.failReports(false);
            h.hub.dropAndRecover();
            h.idle();

            assertFalse(h.hub.reported().has("location"));
            assertFalse(h.onDisk().clearReportedPending());
            assertEquals(
                    "completed", h.hub.reportedDm("factoryReset").get("status").getAsString());
        }
    }
}
