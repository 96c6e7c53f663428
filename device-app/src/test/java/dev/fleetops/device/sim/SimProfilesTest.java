package dev.fleetops.device.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.contract.MethodStatus;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttpsServer;
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

    private String update(AgentHarness h, TestHttpsServer server) throws Exception {
        var r = h.call("firmwareUpdate", "{\"operationId\":\"sim-1\",\"version\":\"2.0.0\",\"packageUri\":\""
                + server.url("/fw.bin") + "\",\"sha256\":\"" + TestHttpsServer.sha256(PACKAGE) + "\"}");
        h.idle();
        return String.valueOf(r.status());
    }

    private AgentHarness harness(TestHttpsServer server, Behaviour b, Runnable onCrash) throws Exception {
        AgentHarness h = new AgentHarness(Files.createDirectories(dir.resolve("device"))).http(server.client())
                .updates(SimProfiles.updates(b, UpdateSettings.defaults().withHealthDeadline(java.time.Duration.ofMillis(300)),
                        onCrash));
        h.start();
        return h;
    }

    @Test
    void failHealthDevicesRollEveryUpdateBack() throws Exception {
        try (TestHttpsServer server = new TestHttpsServer(Files.createDirectories(dir.resolve("s"))).serve("/fw.bin", PACKAGE);
             AgentHarness h = harness(server, Behaviour.FAIL_HEALTH, () -> { })) {
            update(h, server);
            assertEquals("rolledBack", h.onDisk().finished("sim-1").orElseThrow().status());
            assertEquals("1.0.0", h.onDisk().firmwareVersion());
        }
    }

    @Test
    void rejectingDevicesAnswer500AndChangeNothing() throws Exception {
        try (TestHttpsServer server = new TestHttpsServer(Files.createDirectories(dir.resolve("s"))).serve("/fw.bin", PACKAGE);
             AgentHarness h = harness(server, Behaviour.REJECT, () -> { })) {
            assertEquals(String.valueOf(MethodStatus.DEVICE_ERROR), update(h, server));
            assertTrue(h.onDisk().finished("sim-1").isEmpty());
            assertEquals(0, server.requests());
        }
    }

    @Test
    void crashingDevicesDieAtApplyingAndAskToBeRestarted() throws Exception {
        AtomicInteger restarts = new AtomicInteger();
        try (TestHttpsServer server = new TestHttpsServer(Files.createDirectories(dir.resolve("s"))).serve("/fw.bin", PACKAGE);
             AgentHarness h = harness(server, Behaviour.CRASH, restarts::incrementAndGet)) {
            update(h, server);
            assertEquals(1, restarts.get());
            assertEquals("applying", h.onDisk().current().status(), "dead at the crash step, nothing after it ran");
        }
    }
}
