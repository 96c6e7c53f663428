package dev.fleetops.standins.packages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package server over real HTTPS, with a key store made by keytool as the stack makes one with openssl. */
class PackageServerTest {
    @TempDir
    static Path dir;

    static PackageServer server;
    static HttpClient http;
    static final byte[] FIRMWARE = new byte[10_000];

    @BeforeAll
    static void start() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        "secret")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertEquals(0, keytool.waitFor(60, TimeUnit.SECONDS) ? keytool.exitValue() : -1, "keytool failed");
        Path packages = Files.createDirectories(dir.resolve("packages"));
        Arrays.fill(FIRMWARE, (byte) 7);
        FIRMWARE[9_999] = 42;
        Files.write(packages.resolve("fw-2.0.0.bin"), FIRMWARE);
        Files.writeString(dir.resolve("secret.txt"), "outside");
        server = PackageServer.start(packages, keyStore, "secret".toCharArray(), 0);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trust.load(in, "secret".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path));
        if (range != null) {
            b.header("Range", range);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesAFileOfItsDirectory() throws Exception {
        HttpResponse<byte[]> r = get("/fw-2.0.0.bin", null);
        assertEquals(200, r.statusCode());
        assertArrayEquals(FIRMWARE, r.body());
        assertEquals("bytes", r.headers().firstValue("Accept-Ranges").orElse(null));
    }

    @Test
    void resumesFromAnOpenRangeAsTheDeviceDownloaderAsks() throws Exception {
        HttpResponse<byte[]> r = get("/fw-2.0.0.bin", "bytes=9990-");
        assertEquals(206, r.statusCode());
        assertEquals(
                "bytes 9990-9999/10000", r.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(Arrays.copyOfRange(FIRMWARE, 9990, 10_000), r.body());
    }

    @Test
    void answers404ForUnknownFilesAndAnythingOutsideItsDirectory() throws Exception {
        assertEquals(404, get("/missing.bin", null).statusCode());
        assertEquals(404, get("/../secret.txt", null).statusCode());
        assertEquals(404, get("/%2e%2e%2fsecret.txt", null).statusCode());
        assertEquals(404, get("/", null).statusCode());
    }

    @Test
    void aRangeItDoesNotServeGetsTheWholeFile() {
        assertEquals(0, PackageServer.rangeStart("bytes=0-99", 1000));
        assertEquals(0, PackageServer.rangeStart("bytes=5000-", 1000));
        assertEquals(0, PackageServer.rangeStart(null, 1000));
        assertEquals(10, PackageServer.rangeStart("bytes=10-", 1000));
    }

    @Test
    void publishedPackagesAreServedAtAnyPathBeforeTheDirectory() throws Exception {
        byte[] image = {1, 2, 3, 4, 5};
        String url = server.publish("/fw/sub/image.bin", image);

        assertEquals("https://127.0.0.1:" + server.port() + "/fw/sub/image.bin", url);
        assertArrayEquals(image, get("/fw/sub/image.bin", null).body());
        assertArrayEquals(
                new byte[] {4, 5}, get("/fw/sub/image.bin", "bytes=3-").body());
    }

    @Test
    void aDroppedResponseBreaksOffAndTheNextOneIsWhole() throws Exception {
        byte[] image = new byte[50_000];
        Arrays.fill(image, (byte) 3);
        server.publish("/drop.bin", image);
        server.dropFirst("/drop.bin", 1, 1000);

        assertThrows(IOException.class, () -> get("/drop.bin", null));
        assertArrayEquals(image, get("/drop.bin", null).body());
    }

    @Test
    void aPathThatIgnoresRangesAnswersWithTheWholePackageAndRangesAreRecorded() throws Exception {
        byte[] image = {9, 8, 7};
        server.publish("/whole.bin", image);
        server.ignoreRange("/whole.bin");
        int before = server.requests();

        HttpResponse<byte[]> r = get("/whole.bin", "bytes=1-");

        assertEquals(200, r.statusCode());
        assertArrayEquals(image, r.body());
        assertEquals(before + 1, server.requests());
        assertEquals("bytes=1-", server.rangeHeaders().get(server.rangeHeaders().size() - 1));
    }

    @Test
    void aCannedAnswerKeepsItsStatusAndOnlyGetAndHeadAreServed() throws Exception {
        server.respond("/gone.bin", 410, "gone".getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
        assertEquals(410, get("/gone.bin", null).statusCode());
        HttpResponse<byte[]> post = http.send(
                HttpRequest.newBuilder(URI.create(server.url("/fw-2.0.0.bin")))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, post.statusCode());
    }
}
