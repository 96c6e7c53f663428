package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadStoppedByShutdownTest {
    private static final byte[] PACKAGE = new byte[100 * 1024];

    @TempDir
    Path dir;

    @Test
    void shutdownMidDownloadKeepsThePartialFileAndTheNextStartResumesIt() throws Exception {
        new Random(3).nextBytes(PACKAGE);
        try (TestHttps https = TestHttps.servingFirmware(dir, PACKAGE)) {
            PackageServer server = https.server();
            server.slow("/fw.bin", 10);
            Path device = TestHttps.deviceDir(dir);
            Path part = Downloader.partOf(device.resolve("downloads/fw-s.bin"));
            try (AgentHarness first = new AgentHarness(device).http(https.client())) {
                first.start();
                first.call(
                        "firmwareUpdate",
                        "{\"operationId\":\"fw-s\",\"version\":\"2.0.0\",\"packageUri\":\"" + server.url("/fw.bin")
                                + "\",\"sha256\":\"" + Packages.sha256(PACKAGE) + "\"}");
                Waits.upTo(Duration.ofSeconds(5), "10 kB downloaded")
                        .until(() -> Files.exists(part) && Files.size(part) >= 10_000);
            }
            DeviceState stopped = new AgentHarness(device).onDisk();
            assertEquals("downloading", stopped.current().status(), "a shutdown is not a failure");
            assertTrue(Files.size(part) > 0 && Files.size(part) < PACKAGE.length, "partial file kept");

            server.slow("/fw.bin", 0);
            try (AgentHarness second = new AgentHarness(device).http(https.client())) {
                second.start();
                second.idle();
                assertEquals(
                        1, server.rangeHeaders().size(), server.rangeHeaders().toString());
                assertEquals("2.0.0", second.onDisk().firmwareVersion());
            }
        }
    }
}
