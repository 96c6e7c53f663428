package dev.fleetops.testkit.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.standins.packages.PackageServer;
import dev.fleetops.testkit.Packages;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedTlsTest {
    @TempDir
    Path dir;

    @Test
    void aClientTrustingThePemReachesTheServerAndOneTrustingTheJdkDoesNot() throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(dir);
        byte[] image = Packages.randomBytes(3000);
        try (PackageServer server = PackageServer.start(tls.serverContext())) {
            String url = server.publish("/fw.bin", image);

            HttpResponse<byte[]> r = trusting(tls.caPem())
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertArrayEquals(image, r.body());
            assertEquals(Packages.sha256(image), Packages.sha256(r.body()));
            assertThrows(
                    SSLHandshakeException.class,
                    () -> HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(url)).build(),
                                    HttpResponse.BodyHandlers.discarding()));
        }
        assertTrue(Files.readString(tls.caPem()).startsWith("-----BEGIN CERTIFICATE-----\n"));
    }

    private static HttpClient trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }
}
