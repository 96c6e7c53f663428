package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.device.handler.Step;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHandler;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Firmware updates, reboots and factory resets whose steps the device's handler does. */
class HandlerUpdateTest {
    private static final byte[] V2 = "firmware 2.0.0 for handlers".getBytes(StandardCharsets.UTF_8);
    private static final byte[] V3 = "firmware 3.0.0 for handlers".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private TestHttps https;
    private TestHandler handler;
    private AgentHarness h;

    @BeforeEach
    void setUp() throws Exception {
        https = TestHttps.start(dir);
        https.server().publish("/v2.bin", V2);
        https.server().publish("/v3.bin", V3);
        handler = new TestHandler(Files.createDirectories(dir.resolve("handler")));
    }

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
        https.close();
    }

    private AgentHarness start(Map<Step, Duration> timeouts) throws Exception {
        h = new AgentHarness(TestHttps.deviceDir(dir))
                .http(https.client())
                .updates(UpdateSettings.defaults()
                        .withHealthDeadline(Duration.ofSeconds(2))
                        .withHandler(handler.handler(timeouts)));
        h.start();
        return h;
    }

    private void update(String id, String version, byte[] image) throws Exception {
        h.call(
                "firmwareUpdate",
                "{\"operationId\":\"" + id + "\",\"version\":\"" + version + "\",\"packageUri\":\""
                        + https.server().url("/v" + version.charAt(0) + ".bin") + "\",\"sha256\":\""
                        + Packages.sha256(image) + "\",\"sizeBytes\":" + image.length + "}");
        h.idle();
    }

    private JsonObject fw() {
        return h.hub.reportedDm("firmwareUpdate");
    }

    private String errorCode() {
        return fw().getAsJsonObject("error").get("code").getAsString();
    }

    private String errorMessage() {
        return fw().getAsJsonObject("error").get("message").getAsString();
    }

    @Test
    void theHandlerInstallsChecksAndCommitsAHealthyUpdate() throws Exception {
        start(Map.of());
        update("fw-1", "2.0.0", V2);

        DeviceState s = h.onDisk();
        assertEquals("applyComplete", s.finished("fw-1").orElseThrow().status());
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals(
                List.of(
                        "download-verified attempt=1 version=2.0.0",
                        "install attempt=1 version=2.0.0",
                        "reboot attempt=1 version=2.0.0",
                        "health-check attempt=1 version=2.0.0",
                        "commit attempt=1 version=2.0.0"),
                handler.calls());
        assertEquals("2.0.0", handler.version("current"));
        assertEquals("2.0.0", handler.version("confirmed"));
        assertFalse(Files.exists(SlotFiles.slot(h.dir, "b").resolve(SlotFiles.IMAGE)), "the handler installed it");
        assertEquals("applyComplete", fw().get("status").getAsString());
    }

    @Test
    void aFailingHealthCheckRollsBackThroughTheRollbackHandler() throws Exception {
        start(Map.of());
        update("fw-1", "2.0.0", V2);
        handler.flag("fail-health-check", "sensor bus silent");
        update("fw-2", "3.0.0", V3);

        DeviceState s = h.onDisk();
        assertEquals("rolledBack", s.finished("fw-2").orElseThrow().status());
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals("healthCheckFailed", errorCode());
        assertTrue(errorMessage().contains("health-check says: sensor bus silent"), errorMessage());
        assertEquals("2.0.0", handler.version("current"), "the rollback handler switched back");
        assertTrue(
                handler.calls().contains("rollback attempt=1 version=3.0.0"),
                handler.calls().toString());
        assertFalse(handler.calls().contains("commit attempt=1 version=3.0.0"));
        assertEquals("2.0.0", h.hub.reportedFirmwareVersion());
    }

    @Test
    void aFailingInstallEndsApplyFailedWithTheEndsOfItsOutput() throws Exception {
        start(Map.of());
        handler.flag("fail-install", "no space left on /dev/mmcblk0p3");
        update("fw-1", "2.0.0", V2);

        assertEquals("applyFailed", h.onDisk().finished("fw-1").orElseThrow().status());
        assertEquals("1.0.0", h.onDisk().firmwareVersion());
        assertEquals("handlerFailed", errorCode());
        assertEquals(
                "install handler exited with 1; output:\ninstall says: no space left on /dev/mmcblk0p3",
                errorMessage());
        assertNull(handler.version("current"));
        try (var files = Files.list(h.dir.resolve("downloads"))) {
            assertEquals(0, files.count(), "the staged package is gone");
        }
    }

    @Test
    void aHangingInstallIsStoppedAtItsTimeout() throws Exception {
        start(Map.of(Step.INSTALL, Duration.ofSeconds(1)));
        handler.flag("hang-install", "");
        update("fw-1", "2.0.0", V2);

        assertEquals("applyFailed", h.onDisk().finished("fw-1").orElseThrow().status());
        assertEquals("handlerTimedOut", errorCode());
        assertTrue(errorMessage().startsWith("install handler timed out after 1 s"), errorMessage());
        assertFalse(TestHandler.alive(handler.awaitHanging("install")));
    }

    @Test
    void aHangingHealthCheckCountsAsFailedAndIsRolledBack() throws Exception {
        start(Map.of(Step.HEALTH_CHECK, Duration.ofSeconds(1)));
        handler.flag("hang-health-check", "");
        update("fw-1", "2.0.0", V2);

        assertEquals("rolledBack", h.onDisk().finished("fw-1").orElseThrow().status());
        assertEquals("1.0.0", h.onDisk().firmwareVersion());
        assertEquals("healthCheckFailed", errorCode());
        assertTrue(errorMessage().contains("health-check handler timed out after 1 s"), errorMessage());
        assertTrue(handler.calls().contains("rollback attempt=1 version=2.0.0"));
        assertFalse(TestHandler.alive(handler.awaitHanging("health-check")));
    }

    @Test
    void afterARealRebootTheNextStartRunsTheHealthCheckAndCommits() throws Exception {
        start(Map.of());
        handler.flag("real-reboot", "");
        h.call(
                "firmwareUpdate",
                "{\"operationId\":\"fw-1\",\"version\":\"2.0.0\",\"packageUri\":\""
                        + https.server().url("/v2.bin") + "\",\"sha256\":\"" + Packages.sha256(V2) + "\"}");
        Waits.upTo(Duration.ofSeconds(10), "the reboot handler ran")
                .until(() -> handler.calls().contains("reboot attempt=1 version=2.0.0"));
        Thread.sleep(200);
        assertEquals("rebooting", h.onDisk().current().status(), "waiting for the machine to go down");
        h.close(); // the machine going down: SIGTERM
        assertFalse(handler.calls().stream().anyMatch(c -> c.startsWith("health-check")));

        h = new AgentHarness(h.dir)
                .http(https.client())
                .updates(UpdateSettings.defaults().withHandler(handler.handler()));
        h.start();
        h.idle();
        assertEquals("applyComplete", h.onDisk().finished("fw-1").orElseThrow().status());
        assertEquals(
                List.of("health-check attempt=1 version=2.0.0", "commit attempt=1 version=2.0.0"),
                handler.calls().subList(3, 5));
        assertEquals("2.0.0", handler.version("confirmed"));
    }

    @Test
    void aRebootHandlerThatFailsEndsTheRebootFailed() throws Exception {
        start(Map.of());
        handler.flag("fail-reboot", "watchdog busy");
        h.call("reboot", "{\"operationId\":\"r-1\"}");
        h.idle();
        assertEquals("failed", h.onDisk().finished("r-1").orElseThrow().status());
        JsonObject reboot = h.hub.reportedDm("reboot");
        assertEquals(
                "handlerFailed", reboot.getAsJsonObject("error").get("code").getAsString());
    }

    @Test
    void aFactoryResetRunsTheHandlerFirstAndFailsIfItFails() throws Exception {
        start(Map.of());
        update("fw-1", "2.0.0", V2);
        handler.flag("fail-factory-reset", "data partition busy");
        h.call("factoryReset", "{\"operationId\":\"fr-1\"}");
        h.idle();
        assertEquals("failed", h.onDisk().finished("fr-1").orElseThrow().status());
        assertEquals("2.0.0", h.onDisk().firmwareVersion(), "nothing wiped");

        handler.unflag("fail-factory-reset");
        h.call("factoryReset", "{\"operationId\":\"fr-2\"}");
        h.idle();
        assertEquals("completed", h.onDisk().finished("fr-2").orElseThrow().status());
        assertEquals("1.0.0", h.onDisk().firmwareVersion());
        assertFalse(Files.exists(handler.installDir.resolve("current")), "the handler wiped its install");
    }
}
