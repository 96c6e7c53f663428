package dev.fleetops.device.action;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.fleetops.device.support.TestHttps;
import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloaderTest {
    private static final byte[] BODY = new byte[200_000];

    @TempDir
    Path dir;

    private TestHttps https;
    private PackageServer server;
    private Downloader downloader;
    private Path target;

    @BeforeEach
    void setUp() throws Exception {
        for (int i = 0; i < BODY.length; i++) {
            BODY[i] = (byte) (i * 31);
        }
        https = TestHttps.start(dir);
        server = https.server();
        server.publish("/pkg", BODY);
        server.respond("/chunked", 200, BODY, true);
        downloader = new Downloader(https.client());
        target = dir.resolve("downloads/pkg.bin");
    }

    @AfterEach
    void tearDown() {
        https.close();
    }

    private String failure(DownloadOutcome o) {
        assertFalse(Files.exists(target), "a failed download leaves nothing staged");
        assertFalse(Files.exists(dir.resolve("downloads/pkg.bin.part")), "nor a partial file");
        return assertInstanceOf(DownloadOutcome.Failed.class, o).error().code();
    }

    @Test
    void goodPackageIsStagedVerified() throws Exception {
        DownloadOutcome o = downloader.download(server.url("/pkg"), Packages.sha256(BODY), (long) BODY.length, target);
        DownloadOutcome.Verified v = assertInstanceOf(DownloadOutcome.Verified.class, o);
        assertEquals(BODY.length, v.bytes());
        assertArrayEquals(BODY, Files.readAllBytes(target));
    }

    @Test
    void wrongHashIsRejected() throws Exception {
        assertEquals(
                Downloader.SHA256_MISMATCH,
                failure(downloader.download(server.url("/pkg"), "0".repeat(64), null, target)));
    }

    @Test
    void announcedOversizeIsRejectedBeforeStreaming() throws Exception {
        assertEquals(
                Downloader.SIZE_EXCEEDED,
                failure(downloader.download(server.url("/pkg"), Packages.sha256(BODY), 1000L, target)));
    }

    @Test
    void oversizeWithoutContentLengthIsCutOffWhileStreaming() throws Exception {
        assertEquals(
                Downloader.SIZE_EXCEEDED,
                failure(downloader.download(server.url("/chunked"), Packages.sha256(BODY), 1000L, target)));
    }

    @Test
    void smallerThanAnnouncedIsASizeMismatch() throws Exception {
        assertEquals(
                Downloader.SIZE_MISMATCH,
                failure(downloader.download(
                        server.url("/pkg"), Packages.sha256(BODY), (long) BODY.length + 1, target)));
    }

    @Test
    void plainHttpIsRefusedWithoutConnecting() throws Exception {
        String url = server.url("/pkg").replace("https://", "http://");
        assertEquals(Downloader.INSECURE_URI, failure(downloader.download(url, Packages.sha256(BODY), null, target)));
    }

    @Test
    void httpErrorIsReportedWithItsStatus() throws Exception {
        assertEquals(
                Downloader.HTTP_STATUS,
                failure(downloader.download(server.url("/nope"), "0".repeat(64), null, target)));
    }

    @Test
    void untrustedServerIsADownloadError() throws Exception {
        Downloader untrusting = new Downloader(HttpClient.newHttpClient());
        String code = failure(untrusting.download(server.url("/pkg"), Packages.sha256(BODY), null, target));
        assertEquals(Downloader.DOWNLOAD_ERROR, code);
    }
}
