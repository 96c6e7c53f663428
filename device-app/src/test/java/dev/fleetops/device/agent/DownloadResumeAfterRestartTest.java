package dev.fleetops.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.Operation;
import dev.fleetops.device.state.StateStore;
import dev.fleetops.device.support.AgentHarness;
import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadResumeAfterRestartTest {
    private static final byte[] PACKAGE = new byte[250_000];

    @TempDir
    Path dir;

    @Test
    void downloadInterruptedByARestartResumesFromThePartialFileAndCompletes() throws Exception {
        Arrays.fill(PACKAGE, (byte) 42);
        PACKAGE[7] = 1;
        try (TestHttps https = TestHttps.servingFirmware(dir, PACKAGE)) {
            PackageServer server = https.server();
            Path device = TestHttps.deviceDir(dir);
            String sha = Packages.sha256(PACKAGE);
            Operation op = Operation.firmware(
                            "fw-r",
                            "2.0.0",
                            server.url("/fw.bin"),
                            sha,
                            (long) PACKAGE.length,
                            "downloading",
                            "2026-01-01T00:00:00.000Z")
                    .withDownloadUri(server.url("/fw.bin") + "?sig=K");
            new StateStore(device, TestClock.ticking(TestClock.START, Duration.ofSeconds(1)))
                    .save(DeviceState.factory("1.0.0").booted(null).withCurrent(op));
            Files.createDirectories(device.resolve("downloads"));
            Files.write(Downloader.partOf(device.resolve("downloads/fw-r.bin")), Arrays.copyOf(PACKAGE, 100_000));

            try (AgentHarness h = new AgentHarness(device).http(https.client())) {
                h.start();
                h.idle();

                assertEquals(List.of("bytes=100000-"), server.rangeHeaders(), "only the missing part was fetched");
                assertEquals("2.0.0", h.onDisk().firmwareVersion());
                assertEquals(
                        "applyComplete",
                        h.onDisk().finished("fw-r").orElseThrow().status());
                assertFalse(h.hub.patches().toString().contains("sig=K"));
            }
        }
    }
}
