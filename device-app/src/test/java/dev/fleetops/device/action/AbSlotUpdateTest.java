package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Firmware updates go to the inactive slot, are switched to on trial and kept only if healthy. */
class AbSlotUpdateTest {
    static final byte[] PACKAGE = "firmware 2.0.0 image for slot tests".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private TestHttps https;
    private PackageServer server;
    private AgentHarness h;

    private AgentHarness start(UpdateSettings updates) throws Exception {
        https = TestHttps.servingFirmware(dir, PACKAGE);
        server = https.server();
        h = https.agent(dir);
        if (updates != null) {
            h.updates(updates);
        }
        h.start();
        h.hub.clearPatches();
        return h;
    }

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
        if (server != null) {
            https.close();
        }
    }

    private void update(String id) throws Exception {
        h.call(
                "firmwareUpdate",
                "{\"operationId\":\"" + id + "\",\"version\":\"2.0.0\",\"packageUri\":\""
                        + server.url("/fw.bin") + "?sig=TOPSECRET\",\"sha256\":\"" + Packages.sha256(PACKAGE) + "\","
                        + "\"sizeBytes\":" + PACKAGE.length + "}");
        h.idle();
    }

    private JsonObject dm() {
        return h.hub.reported().getAsJsonObject("iothubDM");
    }

    @Test
    void healthyUpdateIsWrittenToTheInactiveSlotAndConfirmed() throws Exception {
        start(null);
        update("fw-1");

        DeviceState s = h.onDisk();
        assertEquals("b", s.slots().active());
        assertFalse(s.slots().trial(), "confirmed after the health check");
        assertEquals("1.0.0", s.slots().previousVersion(), "the old version stays as rollback target");
        assertEquals("2.0.0", SlotFiles.version(h.dir, "b"));
        assertArrayEquals(PACKAGE, Files.readAllBytes(SlotFiles.slot(h.dir, "b").resolve(SlotFiles.IMAGE)));
        assertEquals(
                "applyComplete",
                dm().getAsJsonObject("firmwareUpdate").get("status").getAsString());
        JsonObject progress = dm().getAsJsonObject("firmwareUpdateProgress");
        assertEquals(PACKAGE.length, progress.get("bytesDownloaded").getAsLong());
        assertEquals(100, progress.get("percent").getAsInt());
        assertFalse(h.hub.patches().toString().contains("TOPSECRET"));
    }

    @Test
    void failingSelfTestRollsBackToThePreviousSlotAndSaysWhy() throws Exception {
        start(UpdateSettings.defaults().withSelfTest(v -> "sensor bus silent"));
        update("fw-2");

        DeviceState s = h.onDisk();
        assertEquals("1.0.0", s.firmwareVersion());
        assertEquals("a", s.slots().active());
        assertFalse(s.slots().trial());
        JsonObject fw = dm().getAsJsonObject("firmwareUpdate");
        assertEquals("rolledBack", fw.get("status").getAsString());
        assertEquals(
                "healthCheckFailed", fw.getAsJsonObject("error").get("code").getAsString());
        assertTrue(fw.getAsJsonObject("error").get("message").getAsString().contains("sensor bus silent"));
        assertEquals("1.0.0", dm().get("firmwareVersion").getAsString());
        assertEquals("rolledBack", s.finished("fw-2").orElseThrow().status());
        assertNull(s.current());
        assertEquals(
                List.of("waiting", "downloading", "downloadComplete", "applying", "rebooting", "rolledBack"),
                h.hub.steps("firmwareUpdate"));
    }

    @Test
    void newVersionThatCannotReachTheHubIsRolledBackAfterTheDeadline() throws Exception {
        start(null);
        h.hub.failNextOpens(Integer.MAX_VALUE);
        h.call(
                "firmwareUpdate",
                "{\"operationId\":\"fw-3\",\"version\":\"2.0.0\",\"packageUri\":\"" + server.url("/fw.bin")
                        + "\",\"sha256\":\"" + Packages.sha256(PACKAGE) + "\"}");
        h.idle();
        h.hub.failNextOpens(0);
        waitConnected();

        assertEquals("1.0.0", h.onDisk().firmwareVersion());
        JsonObject fw = dm().getAsJsonObject("firmwareUpdate");
        assertEquals("rolledBack", fw.get("status").getAsString(), "reported once back online");
        assertTrue(fw.getAsJsonObject("error").get("message").getAsString().contains("did not reconnect"));
    }

    private void waitConnected() throws Exception {
        Waits.upTo(Duration.ofSeconds(5), "reconnected and reporting the rollback")
                .until(() -> h.hub.isConnected()
                        && h.hub.reported().has("iothubDM")
                        && "rolledBack"
                                .equals(dm().getAsJsonObject("firmwareUpdate")
                                        .get("status")
                                        .getAsString()));
        h.idle();
    }
}
