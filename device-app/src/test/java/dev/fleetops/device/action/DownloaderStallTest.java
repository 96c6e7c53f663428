package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that stops sending mid-body without closing is abandoned after the stall timeout and resumed. */
class DownloaderStallTest {
    private static final byte[] BODY = new byte[200_000];

    @TempDir
    Path dir;

    @Test
    void stalledBodyIsAbandonedAndResumedInsteadOfHangingTheUpdate() throws Exception {
        for (int i = 0; i < BODY.length; i++) {
            BODY[i] = (byte) (i * 13 + 1);
        }
        try (TestHttps https = TestHttps.start(dir)) {
            PackageServer server = https.server();
            server.publish("/pkg", BODY);
            server.stall("/pkg", 70_000, 30_000);
            Downloader d = new Downloader(https.client(), p -> Long.MAX_VALUE, 3, Duration.ZERO)
                    .withStallTimeout(Duration.ofMillis(400));
            Path target = dir.resolve("downloads/pkg.bin");
            long t0 = System.nanoTime();
            DownloadOutcome o = d.download(server.url("/pkg"), Packages.sha256(BODY), (long) BODY.length, target);
            long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();

            assertInstanceOf(DownloadOutcome.Verified.class, o);
            assertArrayEquals(BODY, Files.readAllBytes(target));
            assertTrue(
                    seconds < 10,
                    "gave up on the stalled response after the stall timeout, not the server's 30 s: " + seconds);
            assertEquals(1, server.rangeHeaders().size(), "the second try resumed: " + server.rangeHeaders());
        }
    }
}
