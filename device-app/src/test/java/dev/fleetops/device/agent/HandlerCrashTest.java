package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.ChildDevice;
import dev.fleetops.device.support.TestHandler;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.testkit.ChildJvm;
import dev.fleetops.testkit.Packages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with handlers: the agent stopped or killed while a handler runs, and a handler killed under the
 * agent. The device ends on the old version or on the new one, installed by the handler, and says which.
 */
class HandlerCrashTest {
    private static final byte[] PACKAGE = "firmware 2.0.0 for handler crashes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private TestHttps https;
    private TestHandler handler;
    private Path deviceDir;

    @BeforeEach
    void setUp() throws Exception {
        https = TestHttps.servingFirmware(dir, PACKAGE);
        handler = new TestHandler(Files.createDirectories(dir.resolve("handler")));
        deviceDir = TestHttps.deviceDir(dir);
    }

    @AfterEach
    void tearDown() {
        https.close();
    }

    private AgentHarness agent() {
        return new AgentHarness(deviceDir)
                .http(https.client())
                .updates(UpdateSettings.defaults().withHandler(handler.handler()));
    }

    private String request() {
        return "{\"operationId\":\"fw-1\",\"version\":\"2.0.0\",\"packageUri\":\""
                + https.server().url("/fw.bin") + "\",\"sha256\":\"" + Packages.sha256(PACKAGE) + "\",\"sizeBytes\":"
                + PACKAGE.length + "}";
    }

    /** Restarts on the device's state with a well-behaved handler and the twin as the hub kept it. */
    private AgentHarness restart(JsonObject twin) throws Exception {
        handler.unflag("hang-install").unflag("hang-health-check");
        AgentHarness second = agent();
        second.hub.setReported(twin);
        second.start();
        second.idle();
        second.close();
        return second;
    }

    private void assertCompletedByTheHandler(AgentHarness h) throws Exception {
        assertCompletedByTheHandler(h, "fw-1");
    }

    private void assertCompletedByTheHandler(AgentHarness h, String operationId) throws Exception {
        DeviceState s = h.onDisk();
        assertNull(s.current());
        assertEquals("2.0.0", s.firmwareVersion());
        assertEquals("applyComplete", s.finished(operationId).orElseThrow().status());
        assertEquals(
                "applyComplete",
                h.hub.reportedDm("firmwareUpdate").get("status").getAsString());
        assertEquals("2.0.0", handler.version("confirmed"));
    }

    @Test
    void agentStoppedDuringInstallStopsTheHandlerAndTheNextStartInstallsAgain() throws Exception {
        AgentHarness first = agent();
        first.start();
        handler.flag("hang-install", "");
        first.call("firmwareUpdate", request());
        long pid = handler.awaitHanging("install");
        first.close(); // SIGTERM
        JsonObject twin = first.hub.reported();
        assertEquals("applying", first.onDisk().current().status());
        assertFalse(TestHandler.alive(pid), "the install handler did not outlive the agent");

        AgentHarness second = restart(twin);
        assertCompletedByTheHandler(second);
        assertTrue(
                handler.calls().contains("install attempt=2 version=2.0.0"),
                handler.calls().toString());
    }

    @Test
    void agentStoppedDuringTheHealthCheckChecksAgainAtTheNextStart() throws Exception {
        AgentHarness first = agent();
        first.start();
        handler.flag("hang-health-check", "");
        first.call("firmwareUpdate", request());
        handler.awaitHanging("health-check");
        first.close(); // SIGTERM
        JsonObject twin = first.hub.reported();
        AgentHarness second = restart(twin);
        assertCompletedByTheHandler(second);
        assertTrue(
                handler.calls().contains("health-check attempt=2 version=2.0.0"),
                handler.calls().toString());
    }

    @Test
    void aHandlerKilledMidStepFailsTheStepAndTheDeviceKeepsItsVersion() throws Exception {
        try (AgentHarness h = agent()) {
            h.start();
            handler.flag("hang-install", "");
            h.call("firmwareUpdate", request());
            ProcessHandle.of(handler.awaitHanging("install")).ifPresent(ProcessHandle::destroyForcibly);
            h.idle();
            DeviceState s = h.onDisk();
            assertEquals("applyFailed", s.finished("fw-1").orElseThrow().status());
            assertEquals("1.0.0", s.firmwareVersion());
            JsonObject error = h.hub.reportedDm("firmwareUpdate").getAsJsonObject("error");
            assertEquals("handlerFailed", error.get("code").getAsString());
            assertTrue(
                    error.get("message").getAsString().startsWith("install handler was killed by signal 9"),
                    error.toString());
        }
    }

    @Test
    void deviceProcessKilledDuringInstallRecoversToTheNewVersion() throws Exception {
        handler.flag("hang-install", "");
        Process child = ChildJvm.of(
                        ChildDevice.class,
                        deviceDir.toString(),
                        https.caPem().toString(),
                        https.server().url("/fw.bin"),
                        Packages.sha256(PACKAGE),
                        String.valueOf(PACKAGE.length),
                        "never",
                        handler.dir.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long pid;
        try {
            pid = handler.awaitHanging("install");
            child.destroyForcibly(); // SIGKILL: no shutdown hook stops the handler
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        // A real machine losing power takes its handler with it; here the orphan is ended by hand.
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);

        try (AgentHarness h = agent()) {
            handler.unflag("hang-install");
            h.start();
            h.idle();
            assertCompletedByTheHandler(h, "fw-k"); // ChildDevice's operation
            assertTrue(
                    handler.calls().contains("install attempt=2 version=2.0.0"),
                    handler.calls().toString());
        }
    }
}
