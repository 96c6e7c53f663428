package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import dev.fleetops.functions.http.DeviceLogsFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.files.FileUploadNotification;
import dev.fleetops.localhub.files.FileUploadSettings;
import dev.fleetops.localhub.files.StorageAccount;
import dev.fleetops.localhub.files.StorageTrust;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import dev.fleetops.testkit.storage.HttpsAzurite;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log pull end to end on the local stack: {@code POST /api/devices/{id}/logs} on the functions app makes a real
 * agent process (the device app's {@code Main}, its own JVM) upload its log through the unmodified device SDK's file
 * upload: the local hub's {@code /devices/{id}/files} on 443 hands it a SAS for Azurite over HTTPS, the agent uploads,
 * completes, and reports in its twin; {@code GET /api/devices/{id}/logs} then gives a read link, and the file in
 * Azurite holds the agent's lines with the secrets planted in its log redacted.
 */
class DeviceLogsIT {
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 6);
    private static final String DEVICE = "logs-001";
    private static final String CONTAINER = "device-logs-" + RUN;
    private static final String PLANTED_SIG = "cGxhbnRlZHNpZ25hdHVyZXZhbHVl";
    private static final String PEM_BODY = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPLANTEDPEMKEY";

    @TempDir
    static Path dir;

    static LocalHub hub;
    static HttpsAzurite azurite;
    static AgentProcess agent;
    static DeviceLogsFunctions logs;
    /** The same app with LOGS_UPLOAD_VIA=sas: devices get a write link FleetOps signs, the hub is not asked. */
    static DeviceLogsFunctions logsViaSas;

    static HttpClient http;
    static String deviceKey;

    @BeforeAll
    static void start() throws Exception {
        SharedTls.seed(dir.resolve("hub"));
        try {
            hub = LocalHub.builder()
                    .stateDir(dir.resolve("hub"))
                    .httpsPort(0)
                    .deviceHttpsPort(443)
                    .devices(1)
                    .devicePrefix("logs-")
                    .start();
        } catch (RuntimeException e) {
            fail("ports 8883 and 443 must be free (run in a network namespace as root): " + e.getMessage());
        }
        hub.hub().addDevice("logs-off", null, null, true);
        azurite = HttpsAzurite.start(dir.resolve("hub"), dir.resolve("azurite-https"));
        hub.hub()
                .fileUploads()
                .configure(
                        new FileUploadSettings(
                                StorageAccount.parse(azurite.connectionString()), CONTAINER, Duration.ofMinutes(10)),
                        StorageTrust.jdkOr(hub.tls().caCertificate()));
        http = HttpClient.newBuilder().sslContext(hub.tls().clientContext()).build();

        // Secrets that made it into the agent's log before (a handler's output, a debug line): the upload must not
        // carry them. The agent appends its own lines after these.
        deviceKey = hub.hub().device(DEVICE).orElseThrow().primaryKey();
        Path logDir = Files.createDirectories(dir.resolve("device/logs"));
        Files.writeString(
                logDir.resolve("agent.log"),
                String.join(
                        "\n",
                        "2026-01-01T00:00:00.000Z INFO [main] Handler - handler said: using SharedAccessKey="
                                + deviceKey,
                        "2026-01-01T00:00:01.000Z WARN [main] Handler - GET https://x.blob.core.windows.net/c/b?sv=1&sig="
                                + PLANTED_SIG + "&se=2",
                        "2026-01-01T00:00:02.000Z INFO [main] Handler - -----BEGIN PRIVATE KEY-----",
                        PEM_BODY,
                        "-----END PRIVATE KEY-----",
                        "2026-01-01T00:00:03.000Z INFO [main] Handler - planted line after the key",
                        ""));
        agent = new AgentProcess(
                AgentProcess.list(
                        "--state-dir",
                        dir.resolve("device").toString(),
                        "--ca-file",
                        hub.caFile().toAbsolutePath().toString(),
                        "--allow-unsigned"),
                Map.of("DEVICE_CONNECTION_STRING", hub.deviceConnectionString(DEVICE)),
                dir.resolve("agent.out"));
        FleetOpsInjector injector = Backend.on(
                hub,
                Map.of(
                        "LOGS_STORAGE_CONNECTION_STRING",
                        azurite.connectionString(),
                        "LOGS_CONTAINER",
                        CONTAINER,
                        "METHOD_RESPONSE_TIMEOUT_SECONDS",
                        "10"));
        logs = injector.getInstance(DeviceLogsFunctions.class);
        logsViaSas = Backend.on(
                        hub,
                        Map.of(
                                "LOGS_STORAGE_CONNECTION_STRING",
                                azurite.connectionString(),
                                "LOGS_CONTAINER",
                                CONTAINER,
                                "LOGS_UPLOAD_VIA",
                                "sas",
                                "METHOD_RESPONSE_TIMEOUT_SECONDS",
                                "10"))
                .getInstance(DeviceLogsFunctions.class);
        Waits.upTo(Duration.ofSeconds(90), "the agent process connected")
                .pollInterval(Duration.ofMillis(100))
                .until(() -> hub.hub().isConnected(DEVICE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (azurite != null) {
            azurite.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aLogPullLandsARedactedFileInAzuriteThroughTheHubsFileUpload() throws Exception {
        // Right after connecting the agent may not have subscribed to methods yet: retry on 409 as a portal would.
        TestHttpResponse started = Waits.until(
                Waits.upTo(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)),
                () -> pull("{\"operationId\":\"pull-" + RUN + "\",\"maxBytes\":262144}"),
                r -> r.code() != 409,
                r -> "still offline: " + r.getBody());
        assertEquals(202, started.code(), String.valueOf(started.getBody()));
        JsonObject body = started.json();
        String blob = DEVICE + "/logs/pull-" + RUN + ".log.gz";
        assertEquals(blob, body.get("blob").getAsString());
        assertEquals(CONTAINER, body.get("container").getAsString());
        assertEquals("iotHub", body.get("via").getAsString());
        assertEquals("/api/devices/" + DEVICE + "/logs?operationId=pull-" + RUN, started.getHeader("Location"));

        TestHttpResponse last = Waits.until(
                Waits.upTo(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)),
                () -> status("pull-" + RUN),
                r -> r.code() == 200 && !r.json().get("status").getAsString().equals("uploading"),
                r -> "not uploaded: " + r.getBody());
        JsonObject done = last.json();
        assertEquals("uploaded", done.get("status").getAsString(), String.valueOf(last.getBody()));
        assertEquals(blob, done.get("blob").getAsString(), "the hub's {deviceId}/{blobName}");
        String link = done.get("downloadUrl").getAsString();
        // The Blob SDK writes the slashes of a blob name as %2F.
        assertEquals(
                azurite.blobEndpoint() + "/" + CONTAINER + "/" + blob,
                java.net.URLDecoder.decode(link.substring(0, link.indexOf('?')), StandardCharsets.UTF_8),
                link);

        // The file is in Azurite: read it through FleetOps' read link, and not without one.
        HttpResponse<byte[]> file = http.send(
                HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        assertEquals(done.get("bytes").getAsLong(), file.body().length);
        String text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.body()))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(text.startsWith("# fleetops-agent log of " + DEVICE), text);
        assertTrue(text.contains("planted line after the key"), text);
        assertTrue(text.contains("uploadLogs pull-" + RUN + " -> accepted"), "the agent's own lines: " + text);
        assertFalse(text.contains(deviceKey), "the device key leaked:\n" + text);
        assertFalse(text.contains(PLANTED_SIG), "a SAS signature leaked:\n" + text);
        assertFalse(text.contains(PEM_BODY), "a private key leaked:\n" + text);
        assertTrue(text.contains("SharedAccessKey=[REDACTED]") && text.contains("sig=[REDACTED]"), text);
        assertEquals(
                403,
                http.send(
                                HttpRequest.newBuilder(URI.create(link.substring(0, link.indexOf('?'))))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode(),
                "the container is private");

        // The hub saw the device complete the upload, as IoT Hub notifies a back-end.
        FileUploadNotification n = hub.hub().fileUploads().notifications().stream()
                .filter(x -> x.blobName().equals(blob))
                .findFirst()
                .orElseThrow();
        assertEquals(DEVICE, n.deviceId());

        // The same operation id again is a duplicate, nothing new uploaded.
        TestHttpResponse again = pull("{\"operationId\":\"pull-" + RUN + "\"}");
        assertEquals(202, again.code(), String.valueOf(again.getBody()));
        assertEquals("duplicate", again.json().get("result").getAsString());
    }

    @Test
    void withoutTheHubsFileUploadTheDeviceUploadsToALinkFleetOpsSigned() throws Exception {
        String op = "sas-" + RUN;
        int notified = hub.hub().fileUploads().notifications().size();
        TestHttpResponse started = Waits.until(
                Waits.upTo(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)),
                () -> call(logsViaSas.pull(
                        TestHttpRequest.post("/api/devices/" + DEVICE + "/logs", "{\"operationId\":\"" + op + "\"}"),
                        DEVICE,
                        new TestContext("PullDeviceLogs"))),
                r -> r.code() != 409,
                r -> "not started: " + r.getBody());
        assertEquals(202, started.code(), String.valueOf(started.getBody()));
        assertEquals("sasUrl", started.json().get("via").getAsString());
        TestHttpResponse last = Waits.until(
                Waits.upTo(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)),
                () -> call(logsViaSas.status(
                        TestHttpRequest.get("/api/devices/" + DEVICE + "/logs").withQuery("operationId", op),
                        DEVICE,
                        new TestContext("DeviceLogs"))),
                r -> r.code() == 200 && !r.json().get("status").getAsString().equals("uploading"),
                r -> "not uploaded: " + r.getBody());
        assertEquals("uploaded", last.json().get("status").getAsString(), String.valueOf(last.getBody()));
        String reported = last.json().get("blob").getAsString();
        assertFalse(reported.contains("sig="), "the device reports the URL without its SAS: " + reported);
        HttpResponse<byte[]> file = http.send(
                HttpRequest.newBuilder(URI.create(last.json().get("downloadUrl").getAsString()))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.body()))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("# fleetops-agent log of " + DEVICE), text);
            assertFalse(text.contains(deviceKey), text);
        }
        assertEquals(notified, hub.hub().fileUploads().notifications().size(), "the hub was not involved");
    }

    @Test
    void badInputIs400NamingTheFieldAndAnOfflineDeviceIs409() {
        TestHttpResponse bad = pull("{\"blobName\":\"../other/x\",\"maxBytes\":5}");
        assertEquals(400, bad.code());
        assertTrue(bad.getHeader("Content-Type").startsWith("application/problem+json"), bad.getHeader("Content-Type"));
        String problem = String.valueOf(bad.getBody());
        assertTrue(problem.contains("blobName") && problem.contains("maxBytes"), problem);

        TestHttpResponse offline = call(logs.pull(
                TestHttpRequest.post("/api/devices/logs-off/logs", "{}"),
                "logs-off",
                new TestContext("PullDeviceLogs")));
        assertEquals(409, offline.code(), String.valueOf(offline.getBody()));
        assertEquals("device-offline", offline.json().get("code").getAsString());

        TestHttpResponse none = call(logs.status(
                TestHttpRequest.get("/api/devices/logs-off/logs"), "logs-off", new TestContext("DeviceLogs")));
        assertEquals(404, none.code());
        assertEquals("logs-not-reported", none.json().get("code").getAsString());
    }

    private static TestHttpResponse pull(String json) {
        return call(logs.pull(
                TestHttpRequest.post("/api/devices/" + DEVICE + "/logs", json),
                DEVICE,
                new TestContext("PullDeviceLogs")));
    }

    private static TestHttpResponse status(String operationId) {
        return call(logs.status(
                TestHttpRequest.get("/api/devices/" + DEVICE + "/logs").withQuery("operationId", operationId),
                DEVICE,
                new TestContext("DeviceLogs")));
    }

    private static TestHttpResponse call(com.microsoft.azure.functions.HttpResponseMessage r) {
        return TestHttpResponse.of(r);
    }
}
