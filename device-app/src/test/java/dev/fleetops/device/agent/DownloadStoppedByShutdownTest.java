package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttpsServer;
import java.nio.file.Files;
import java.nio.file.Path;
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
        try (TestHttpsServer server = new TestHttpsServer(Files.createDirectories(dir.resolve("server")))) {
            server.serveResumable("/fw.bin", PACKAGE, 0, 0, true).slow("/fw.bin", 10);
            Path device = Files.createDirectories(dir.resolve("device"));
            Path part = Downloader.partOf(device.resolve("downloads/fw-s.bin"));
            try (AgentHarness first = new AgentHarness(device).http(server.client())) {
                first.start();
                first.call("firmwareUpdate", "{\"operationId\":\"fw-s\",\"version\":\"2.0.0\",\"packageUri\":\""
                        + server.url("/fw.bin") + "\",\"sha256\":\"" + TestHttpsServer.sha256(PACKAGE) + "\"}");
                long end = System.nanoTime() + 5_000_000_000L;
                while ((!Files.exists(part) || Files.size(part) < 10_000) && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
            }
            DeviceState stopped = new AgentHarness(device).onDisk();
            assertEquals("downloading", stopped.current().status(), "a shutdown is not a failure");
            assertTrue(Files.size(part) > 0 && Files.size(part) < PACKAGE.length, "partial file kept");

            server.slow("/fw.bin", 0);
            try (AgentHarness second = new AgentHarness(device).http(server.client())) {
                second.start();
                second.idle();
                assertEquals(1, server.rangeHeaders().size(), server.rangeHeaders().toString());
                assertEquals("2.0.0", second.onDisk().firmwareVersion());
            }
        }
    }
}
