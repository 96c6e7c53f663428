package dev.fleetops.localhub.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.FileUploadCompletionNotification;
import com.microsoft.azure.sdk.iot.device.FileUploadSasUriRequest;
import com.microsoft.azure.sdk.iot.device.FileUploadSasUriResponse;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.hub.DeviceCredential;
import dev.fleetops.localhub.x509.Thumbprints;
import dev.fleetops.testkit.storage.HttpsAzurite;
import dev.fleetops.testkit.tls.TestPki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified Java device SDK's file upload ({@code getFileUploadSasUri}, the upload to the SAS URL it builds, {@code
 * completeFileUpload}) against the local hub's device HTTPS listener on 443, the port the SDK's HTTPS transport
 * always uses, with Azurite over HTTPS as the linked storage account.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FileUploadSdkTest {
    static final String CONTAINER = "device-uploads";

    @TempDir
    static Path dir;

    static LocalHub hub;
    static HttpsAzurite azurite;
    static FileUploadSettings settings;
    static HttpClient storage;

    @BeforeAll
    static void start() throws Exception {
        try {
            hub = LocalHub.builder()
                    .stateDir(dir.resolve("hub"))
                    .mqttPort(0)
                    .httpsPort(0)
                    .deviceHttpsPort(443)
                    .devices(2)
                    .durableTwins(false)
                    .durableJobs(false)
                    .start();
        } catch (RuntimeException e) {
            fail("port 443 must be free and bindable (run in a network namespace as root): " + e.getMessage());
        }
        azurite = HttpsAzurite.start(dir.resolve("hub"), dir.resolve("azurite"));
        settings = new FileUploadSettings(
                StorageAccount.parse(azurite.connectionString()), CONTAINER, Duration.ofMinutes(5));
        storage = HttpClient.newBuilder().sslContext(hub.tls().clientContext()).build();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }

    @AfterEach
    void linkAgain() {
        hub.hub().fileUploads().configure(settings, StorageTrust.jdkOr(hub.tls().caCertificate()));
    }

    @org.junit.jupiter.api.BeforeEach
    void link() {
        linkAgain();
    }

    @Test
    void aSasDeviceUploadsThroughTheSdkAndTheBlobLandsUnderItsId() throws Exception {
        DeviceClient device = sasDevice("device-001");
        FileUploadSasUriResponse sas = device.getFileUploadSasUri(new FileUploadSasUriRequest("logs/agent-1.log"));
        assertEquals("device-001/logs/agent-1.log", sas.getBlobName());
        assertEquals(CONTAINER, sas.getContainerName());
        assertEquals("127.0.0.1:" + azurite.port + "/" + HttpsAzurite.ACCOUNT, sas.getHostName());
        assertTrue(sas.getSasToken().contains("sp=cw"), "create and write only: " + redacted(sas.getSasToken()));

        byte[] content = "line 1\nline 2\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, put(sas.getBlobUri(), content), "Azurite accepts the hub's SAS for the URL the SDK built");
        device.completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), true, 0, "uploaded"));

        assertEquals("line 1\nline 2\n", read("device-001/logs/agent-1.log"));
        FileUploadNotification n = hub.hub().fileUploads().notifications().stream()
                .filter(x -> x.correlationId().equals(sas.getCorrelationId()))
                .findFirst()
                .orElseThrow();
        assertEquals("device-001", n.deviceId());
        assertEquals("device-001/logs/agent-1.log", n.blobName());
        assertEquals(azurite.blobEndpoint() + "/" + CONTAINER + "/device-001/logs/agent-1.log", n.blobUri());
        assertEquals(0, hub.hub().fileUploads().inFlight());
    }

    @Test
    void theSasCannotReadTheBlobBackNorWriteAnotherOne() throws Exception {
        DeviceClient device = sasDevice("device-001");
        FileUploadSasUriResponse sas = device.getFileUploadSasUri(new FileUploadSasUriRequest("private.log"));
        assertEquals(201, put(sas.getBlobUri(), new byte[] {1, 2, 3}));
        HttpResponse<String> get = storage.send(
                HttpRequest.newBuilder(sas.getBlobUri()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, get.statusCode(), "no read permission");
        URI other = URI.create(sas.getBlobUri().toString().replace("private.log", "other.log"));
        assertEquals(403, put(other, new byte[] {1}), "the signature covers one blob name");
        device.completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), false, 500, "x"));
    }

    @Test
    void hostileBlobNamesAreRefusedAs400() throws Exception {
        DeviceClient device = sasDevice("device-001");
        for (String name : List.of(
                "../device-002/x.log",
                "a/../../b",
                "a//b",
                "/abs",
                "trailing/",
                "dot.",
                "tab\tname",
                "back\\slash",
                "x".repeat(1100),
                " ")) {
            IotHubClientException e = assertThrows(
                    IotHubClientException.class,
                    () -> device.getFileUploadSasUri(new FileUploadSasUriRequest(name)),
                    name);
            assertEquals(IotHubStatusCode.BAD_FORMAT, e.getStatusCode(), name);
        }
        HttpResponse<String> raw = rawStart("device-001", "{\"blobName\":\"../device-002/x.log\"}");
        assertEquals(400, raw.statusCode());
        assertTrue(raw.body().contains("\"errorCode\":400004"), raw.body());
        assertEquals(0, hub.hub().fileUploads().inFlight());
    }

    @Test
    void aHubWithoutStorageAnswers400022() throws Exception {
        hub.hub().fileUploads().configure(null, null);
        IotHubClientException e = assertThrows(
                IotHubClientException.class,
                () -> sasDevice("device-001").getFileUploadSasUri(new FileUploadSasUriRequest("x.log")));
        assertEquals(IotHubStatusCode.BAD_FORMAT, e.getStatusCode());
        // The SDK drops the body from its exception; the wire answer is IoT Hub's.
        HttpResponse<String> raw = rawStart("device-001", "{\"blobName\":\"x.log\"}");
        assertEquals(400, raw.statusCode());
        assertTrue(raw.body().contains("\"errorCode\":400022"), raw.body());
    }

    /** {@code POST /devices/{id}/files} as the SDK sends it, signed with the device's key. */
    private static HttpResponse<String> rawStart(String deviceId, String body) throws Exception {
        String key = hub.hub().device(deviceId).orElseThrow().primaryKey();
        return storage.send(
                HttpRequest.newBuilder(URI.create(
                                "https://127.0.0.1:443/devices/" + deviceId + "/files?api-version=2020-09-30"))
                        .header(
                                "authorization",
                                dev.fleetops.localhub.testsupport.TestHub.deviceSdkToken(deviceId, key))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWrongKeyIsUnauthorizedAndACorrelationIdOfAnotherDeviceIsRefused() throws Exception {
        String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        DeviceClient impostor = new DeviceClient(
                "HostName=127.0.0.1;DeviceId=device-001;SharedAccessKey=" + wrongKey,
                IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(hub.tls().clientContext()).build());
        IotHubClientException e = assertThrows(
                IotHubClientException.class, () -> impostor.getFileUploadSasUri(new FileUploadSasUriRequest("x.log")));
        assertEquals(IotHubStatusCode.UNAUTHORIZED, e.getStatusCode());

        FileUploadSasUriResponse sas =
                sasDevice("device-001").getFileUploadSasUri(new FileUploadSasUriRequest("mine.log"));
        IotHubClientException other = assertThrows(
                IotHubClientException.class,
                () -> sasDevice("device-002")
                        .completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), true)));
        assertEquals(IotHubStatusCode.BAD_FORMAT, other.getStatusCode());
        sasDevice("device-001").completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), false));
    }

    @Test
    void anX509DeviceAuthenticatesWithItsTlsCertificate() throws Exception {
        TestPki.Issued cert = TestPki.selfSigned("self-9");
        hub.hub()
                .addDevice(
                        "self-9", new DeviceCredential.SelfSigned(Thumbprints.sha256(cert.certificate()), null), true);
        DeviceClient device = new DeviceClient(
                "HostName=127.0.0.1;DeviceId=self-9;x509=true",
                IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(withKey(cert)).build());
        FileUploadSasUriResponse sas = device.getFileUploadSasUri(new FileUploadSasUriRequest("x509.log"));
        assertEquals("self-9/x509.log", sas.getBlobName());
        assertEquals(201, put(sas.getBlobUri(), "x".getBytes(StandardCharsets.UTF_8)));
        device.completeFileUpload(new FileUploadCompletionNotification(sas.getCorrelationId(), true));
        assertEquals("x", read("self-9/x509.log"));

        TestPki.Issued stranger = TestPki.selfSigned("self-9");
        DeviceClient refused = new DeviceClient(
                "HostName=127.0.0.1;DeviceId=self-9;x509=true",
                IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(withKey(stranger)).build());
        IotHubClientException e = assertThrows(
                IotHubClientException.class, () -> refused.getFileUploadSasUri(new FileUploadSasUriRequest("y.log")));
        assertEquals(IotHubStatusCode.UNAUTHORIZED, e.getStatusCode());
    }

    @Test
    void aDeviceHasAtMostTenUploadsInFlight() throws Exception {
        DeviceClient device = sasDevice("device-002");
        for (int i = 0; i < FileUploads.MAX_PENDING_PER_DEVICE; i++) {
            assertNotNull(device.getFileUploadSasUri(new FileUploadSasUriRequest("f" + i + ".log")));
        }
        IotHubClientException e = assertThrows(
                IotHubClientException.class, () -> device.getFileUploadSasUri(new FileUploadSasUriRequest("f.log")));
        assertEquals(IotHubStatusCode.THROTTLED, e.getStatusCode());
        hub.hub().fileUploads().configure(null, null); // drops nothing, but the next test links again
    }

    private static DeviceClient sasDevice(String id) {
        return new DeviceClient(
                hub.deviceConnectionString(id),
                IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(hub.tls().clientContext()).build());
    }

    private static int put(URI uri, byte[] body) throws Exception {
        return storage.send(
                        HttpRequest.newBuilder(uri)
                                .header("x-ms-blob-type", "BlockBlob")
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String read(String blob) throws Exception {
        Instant now = Instant.now();
        String sas = BlobSas.forBlob(settings.account(), CONTAINER, blob, "r", now, now.plusSeconds(60));
        HttpResponse<String> r = storage.send(
                HttpRequest.newBuilder(URI.create(azurite.blobEndpoint() + "/" + CONTAINER + "/" + blob + sas))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static SSLContext withKey(TestPki.Issued cert) throws Exception {
        char[] pw = "x".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", cert.keys().getPrivate(), pw, new Certificate[] {cert.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hub", (X509Certificate) hub.tls().caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String redacted(String sas) {
        return sas.replaceAll("sig=[^&]*", "sig=…");
    }
}
