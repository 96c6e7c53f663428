package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttpsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckShutdownTest {
    private static final byte[] PACKAGE = "image under trial".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void shutdownDuringTheHealthCheckKeepsTheTrialAndTheNextStartConfirmsIt() throws Exception {
        try (TestHttpsServer server = new TestHttpsServer(Files.createDirectories(dir.resolve("server")))) {
            server.serve("/fw.bin", PACKAGE);
            Path device = Files.createDirectories(dir.resolve("device"));
            UpdateSettings slowCheck = UpdateSettings.defaults().withHealthDeadline(Duration.ofSeconds(30));
            try (AgentHarness first = new AgentHarness(device).http(server.client()).updates(slowCheck)) {
                first.start();
                first.hub.failNextOpens(Integer.MAX_VALUE);
                first.call("firmwareUpdate", "{\"operationId\":\"fw-h\",\"version\":\"2.0.0\",\"packageUri\":\""
                        + server.url("/fw.bin") + "\",\"sha256\":\"" + TestHttpsServer.sha256(PACKAGE) + "\"}");
                long end = System.nanoTime() + 5_000_000_000L;
                while (!first.agent().state().slots().trial() && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
                Thread.sleep(100); // inside the health check, waiting for the hub
            }
            DeviceState stopped = new AgentHarness(device).onDisk();
            assertEquals("rebooting", stopped.current().status(), "stopping is not a failed health check");
            assertTrue(stopped.slots().trial());

            try (AgentHarness second = new AgentHarness(device).http(server.client())) {
                second.start();
                second.idle();
                assertEquals("2.0.0", second.onDisk().firmwareVersion());
                assertEquals("applyComplete", second.onDisk().finished("fw-h").orElseThrow().status());
            }
        }
    }
}
