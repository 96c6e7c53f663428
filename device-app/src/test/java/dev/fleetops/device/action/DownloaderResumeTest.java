package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderResumeTest {
    private static final byte[] BODY = new byte[300_000];

    @TempDir
    Path dir;

    private TestHttps https;
    private PackageServer server;
    private Path target;

    @BeforeEach
    void setUp() throws Exception {
        for (int i = 0; i < BODY.length; i++) {
            BODY[i] = (byte) (i * 7 + 3);
        }
        https = TestHttps.start(dir);
        server = https.server();
        target = dir.resolve("downloads/pkg.bin");
    }

    @AfterEach
    void tearDown() {
        https.close();
    }

    private Downloader downloader(long freeBytes) {
        return new Downloader(https.client(), p -> freeBytes, 3, Duration.ZERO);
    }

    private DownloadOutcome fetch(Downloader d, String path) throws Exception {
        return d.download(server.url(path) + "?sig=S3CRET", Packages.sha256(BODY), (long) BODY.length, target);
    }

    @Test
    void droppedConnectionIsResumedWithARangeRequestAndVerified() throws Exception {
        server.publish("/pkg", BODY);
        server.dropFirst("/pkg", 1, 100_000);
        DownloadOutcome o = fetch(downloader(Long.MAX_VALUE), "/pkg");

        assertInstanceOf(DownloadOutcome.Verified.class, o);
        assertArrayEquals(BODY, Files.readAllBytes(target));
        assertEquals(1, server.rangeHeaders().size(), "one resumed request");
        assertTrue(
                server.rangeHeaders().get(0).matches("bytes=[1-9][0-9]*-"),
                server.rangeHeaders().toString());
    }

    @Test
    void partialFileLeftByAnEarlierRunIsResumedNotRefetched() throws Exception {
        server.publish("/pkg", BODY);
        Files.createDirectories(target.getParent());
        Files.write(Downloader.partOf(target), Arrays.copyOf(BODY, 123_456));

        DownloadOutcome o = fetch(downloader(Long.MAX_VALUE), "/pkg");

        assertInstanceOf(DownloadOutcome.Verified.class, o);
        assertEquals(List.of("bytes=123456-"), server.rangeHeaders());
        assertArrayEquals(BODY, Files.readAllBytes(target));
        assertFalse(Files.exists(Downloader.partOf(target)));
    }

    @Test
    void serverIgnoringTheRangeRestartsFromZeroAndStillVerifies() throws Exception {
        server.publish("/pkg", BODY);
        server.ignoreRange("/pkg");
        Files.createDirectories(target.getParent());
        Files.write(Downloader.partOf(target), Arrays.copyOf(BODY, 5_000));

        assertInstanceOf(DownloadOutcome.Verified.class, fetch(downloader(Long.MAX_VALUE), "/pkg"));
        assertArrayEquals(BODY, Files.readAllBytes(target));
    }

    @Test
    void tooLittleFreeSpaceFailsBeforeAnythingIsFetched() throws Exception {
        server.publish("/pkg", BODY);
        DownloadOutcome.Failed f =
                assertInstanceOf(DownloadOutcome.Failed.class, fetch(downloader(BODY.length - 1), "/pkg"));

        assertEquals(Downloader.INSUFFICIENT_SPACE, f.error().code());
        assertEquals(0, server.requests());
        assertFalse(f.error().message().contains("S3CRET"));
    }

    @Test
    void connectionThatKeepsDroppingFailsAfterTheLastAttemptAndLeavesNothing() throws Exception {
        server.publish("/pkg", BODY);
        server.dropFirst("/pkg", 99, 10_000);
        DownloadOutcome.Failed f =
                assertInstanceOf(DownloadOutcome.Failed.class, fetch(downloader(Long.MAX_VALUE), "/pkg"));

        assertEquals(Downloader.DOWNLOAD_ERROR, f.error().code());
        assertEquals(3, server.requests(), "three attempts");
        assertFalse(Files.exists(Downloader.partOf(target)));
        assertFalse(f.error().message().contains("S3CRET"));
    }

    @Test
    void progressIsOfferedDurableBytesOnlyAtThrottledPoints() throws Exception {
        server.publish("/pkg", BODY);
        List<Long> reported = new java.util.ArrayList<>();
        ProgressThrottle throttle = new ProgressThrottle(
                java.time.Clock.systemUTC(), Duration.ofHours(1), 10, (bytes, total) -> reported.add(bytes));
        downloader(Long.MAX_VALUE)
                .download(server.url("/pkg"), Packages.sha256(BODY), (long) BODY.length, target, throttle);

        assertFalse(reported.isEmpty());
        assertTrue(reported.size() <= 10, "at most one report per 10 %: " + reported);
        for (int i = 1; i < reported.size(); i++) {
            assertTrue((reported.get(i) - reported.get(i - 1)) * 100 / BODY.length >= 10, reported.toString());
        }
    }
}
