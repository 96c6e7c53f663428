package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckShutdownTest {
    private static final byte[] PACKAGE = "image under trial".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void shutdownDuringTheHealthCheckKeepsTheTrialAndTheNextStartConfirmsIt() throws Exception {
        try (TestHttps https = TestHttps.servingFirmware(dir, PACKAGE)) {
            PackageServer server = https.server();
            Path device = TestHttps.deviceDir(dir);
            CountDownLatch inHealthCheck = new CountDownLatch(1);
            UpdateSettings slowCheck = UpdateSettings.defaults()
                    .withHealthDeadline(Duration.ofSeconds(30))
                    .withSteps(step -> {
                        if (step.equals("rebooted")) { // the health check comes next, waiting for the hub
                            inHealthCheck.countDown();
                        }
                    });
            try (AgentHarness first =
                    new AgentHarness(device).http(https.client()).updates(slowCheck)) {
                first.start();
                first.hub.failNextOpens(Integer.MAX_VALUE);
                first.call(
                        "firmwareUpdate",
                        "{\"operationId\":\"fw-h\",\"version\":\"2.0.0\",\"packageUri\":\"" + server.url("/fw.bin")
                                + "\",\"sha256\":\"" + Packages.sha256(PACKAGE) + "\"}");
                assertTrue(inHealthCheck.await(5, TimeUnit.SECONDS), "rebooted into the trial slot");
                assertTrue(first.agent().state().slots().trial());
            }
            DeviceState stopped = new AgentHarness(device).onDisk();
            assertEquals("rebooting", stopped.current().status(), "stopping is not a failed health check");
            assertTrue(stopped.slots().trial());

            try (AgentHarness second = new AgentHarness(device).http(https.client())) {
                second.start();
                second.idle();
                assertEquals("2.0.0", second.onDisk().firmwareVersion());
                assertEquals(
                        "applyComplete",
                        second.onDisk().finished("fw-h").orElseThrow().status());
            }
        }
    }
}
