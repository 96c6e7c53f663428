package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.fleetops.core.firmware.Measurement;
import dev.fleetops.functions.storage.BlobFirmwarePackages;
import dev.fleetops.localhub.tls.TlsMaterial;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.storage.HttpsAzurite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The Azure way of signing links, against Azurite: no account key, a bearer token (as the app's managed identity
 * has), a user delegation key from {@code Get User Delegation Key}, and user delegation SAS links that Azurite
 * validates (it derives the key as the service does). Azurite's OAuth needs HTTPS and checks the token's issuer,
 * audience and lifetime only, so the test makes an unsigned token with those claims; what a real tenant adds (the
 * token's signature, the role that grants {@code generateUserDelegationKey}) is Azure's to check.
 */
class UserDelegationLinksIT {
    @TempDir
    static Path dir;

    static TlsMaterial tls;

    @AutoClose
    static HttpsAzurite azurite;

    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        // A local CA and a server certificate for 127.0.0.1 (the local hub's kind), trusted by the JVM.
        tls = SharedTls.material();
        azurite = HttpsAzurite.start(SharedTls.dir(), dir.resolve("azurite-oauth"), true);
        http = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
    }

    /** A token with the claims Azurite's basic OAuth checks; its signature is not checked there. */
    static final TokenCredential IDENTITY = request -> {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"aud\":\"https://storage.azure.com\",\"iss\":\"https://sts.windows.net/"
                + "ab1f708d-50f6-404c-a006-d71b2ac7a606/\",\"iat\":" + (now - 60) + ",\"nbf\":" + (now - 60)
                + ",\"exp\":" + (now + 3600) + ",\"oid\":\"" + UUID.randomUUID()
                + "\",\"tid\":\"ab1f708d-50f6-404c-a006-d71b2ac7a606\"}");
        return Mono.just(new AccessToken(
                header + "." + claims + ".c2ln", OffsetDateTime.now().plusHours(1)));
    };

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linksSignedWithAUserDelegationKeyUploadAndDownloadExactlyOneBlob() throws Exception {
        BlobServiceClient service = new BlobServiceClientBuilder()
                .endpoint(azurite.blobEndpoint())
                .credential(IDENTITY)
                .buildClient();
        BlobFirmwarePackages packages = new BlobFirmwarePackages(
                service,
                "firmware",
                BlobFirmwarePackages.Signing.USER_DELEGATION,
                Duration.ofSeconds(60),
                Clock.systemUTC());
        byte[] image = Packages.randomBytes(64 * 1024);
        Instant in30min = Instant.now().plus(Duration.ofMinutes(30));

        String upload = packages.uploadLink("5.0.0/package.bin", in30min);
        assertTrue(upload.contains("skoid=") && upload.contains("sp=cw") && upload.contains("spr=https"), upload);
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(upload))
                        .header("x-ms-blob-type", "BlockBlob")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(image))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());

        Measurement.Measured m =
                assertInstanceOf(Measurement.Measured.class, packages.measure("5.0.0/package.bin", 1 << 20));
        assertEquals(Packages.sha256(image), m.sha256());

        String read = packages.readLink(packages.plainUrl("5.0.0/package.bin"), in30min)
                .orElseThrow();
        assertTrue(read.contains("skoid=") && read.contains("sp=r&"), read);
        HttpResponse<byte[]> got = http.send(
                HttpRequest.newBuilder(URI.create(read)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, got.statusCode());
        assertArrayEquals(image, got.body());
        assertEquals(
                403,
                http.send(
                                HttpRequest.newBuilder(URI.create(read))
                                        .header("x-ms-blob-type", "BlockBlob")
                                        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1}))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode(),
                "a read link cannot write");
        String tampered = read.replace("sp=r&", "sp=rw&");
        assertEquals(
                403,
                http.send(
                                HttpRequest.newBuilder(URI.create(tampered))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode(),
                "the signature covers the permissions");
        String expired = packages.readLink(
                        packages.plainUrl("5.0.0/package.bin"), Instant.now().minusSeconds(60))
                .orElseThrow();
        assertEquals(
                403,
                http.send(
                                HttpRequest.newBuilder(URI.create(expired))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode());
    }
}
