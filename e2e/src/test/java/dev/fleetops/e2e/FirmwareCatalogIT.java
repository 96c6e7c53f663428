package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fleetops.contract.Timestamps;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.functions.http.DeviceActionFunctions;
import dev.fleetops.functions.http.FirmwareFunctions;
import dev.fleetops.functions.http.RolloutFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.timer.RolloutTimerFunction;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import dev.fleetops.testkit.storage.HttpsAzurite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware catalog end to end: the catalog API (real entry points), packages in Azurite served over HTTPS with the
 * hub's certificate, the rollout timer, the local hub and FleetOps device agents, which download over HTTPS only. An
 * operator registers a version, uploads it straight to Blob storage through the upload link, completes it, and starts a
 * rollout by catalog version; each device downloads through its own short-lived read link (the container is private:
 * the plain URL is refused) and ends on the new version.
 */
class FirmwareCatalogIT {
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 6);
    private static final String VERSION = "4.2." + Math.abs(RUN.hashCode() % 100000);

    @TempDir
    static Path dir;

    @AutoClose
    static LocalDevices fleet;

    @AutoClose
    static HttpsAzurite azurite;

    static FirmwareFunctions catalog;
    static RolloutFunctions operations;
    static DeviceActionFunctions actions;
    static RolloutTimerFunction timer;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        // The hub gets the JVM-wide test certificates, so the one CA FleetOps' Blob client trusts is also the CA of
        // the hub's certificate that the HTTPS Azurite serves (SharedTls).
        SharedTls.seed(dir.resolve("hub"));
        fleet = LocalDevices.start(dir, "cat-", 4, 3, DeviceRuntime.Extras.NONE);
        azurite = HttpsAzurite.start(dir.resolve("hub"), dir.resolve("azurite-https"));
        // FleetOps' Blob client trusts the JVM's trust store, which SharedTls pointed at the CA, as a user would with
        // -Djavax.net.ssl.trustStore. Devices trust the CA through their own setting (LocalDevices).
        http = HttpClient.newBuilder()
                .sslContext(fleet.hub.tls().clientContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        FleetOpsInjector injector = Backend.on(
                fleet.hub,
                Map.of(
                        "FIRMWARE_STORAGE_CONNECTION_STRING",
                        azurite.connectionString(),
                        "FIRMWARE_CONTAINER",
                        "firmware-" + RUN,
                        "METHOD_RESPONSE_TIMEOUT_SECONDS",
                        "10"));
        catalog = injector.getInstance(FirmwareFunctions.class);
        operations = injector.getInstance(RolloutFunctions.class);
        actions = injector.getInstance(DeviceActionFunctions.class);
        timer = injector.getInstance(RolloutTimerFunction.class);
        fleet.awaitConnected();
    }

    @Test
    void aRolloutByCatalogVersionReachesEveryDeviceThroughShortLivedLinks() throws Exception {
        byte[] image = Packages.randomBytes(200 * 1024);
        String sha = Packages.sha256(image);

        // Register: an upload link to exactly this version's blob.
        TestHttpResponse registered = call(catalog.register(
                TestHttpRequest.post("/api/firmware", "{\"name\":\"gateway image\",\"version\":\"" + VERSION + "\"}"),
                new TestContext("RegisterFirmware")));
        assertEquals(201, registered.code(), String.valueOf(registered.getBody()));
        assertEquals("registered", registered.json().get("state").getAsString());
        JsonObject upload = registered.json().getAsJsonObject("upload");
        String uploadUrl = upload.get("url").getAsString();
        assertTrue(uploadUrl.startsWith("https://127.0.0.1:" + azurite.port + "/"), uploadUrl);
        assertTrue(uploadUrl.contains("sig="), "a SAS link: " + uploadUrl);

        // Not uploaded yet: the version stays registered and no operation may name it.
        assertEquals(409, complete().code());
        TestHttpResponse early = createOperation(List.of("cat-001"));
        assertEquals(400, early.code());
        assertTrue(
                String.valueOf(early.getBody()).contains("firmware.catalogVersion"), String.valueOf(early.getBody()));

        // Upload straight to Blob storage, as an operator's tool would: one PUT with the header the API named.
        HttpResponse<String> put = http.send(
                HttpRequest.newBuilder(URI.create(uploadUrl))
                        .header(
                                "x-ms-blob-type",
                                upload.getAsJsonObject("headers")
                                        .get("x-ms-blob-type")
                                        .getAsString())
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(image))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());

        // Complete: FleetOps measures the blob itself.
        TestHttpResponse ready = complete();
        assertEquals(200, ready.code(), String.valueOf(ready.getBody()));
        assertEquals("ready", ready.json().get("state").getAsString());
        assertEquals(sha, ready.json().get("sha256").getAsString());
        assertEquals(image.length, ready.json().get("sizeBytes").getAsLong());

        // The container is private: without a link there is no download.
        String plain = uploadUrl.substring(0, uploadUrl.indexOf('?'));
        assertEquals(
                403,
                http.send(
                                HttpRequest.newBuilder(URI.create(plain)).GET().build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode());

        // A rollout by catalog version, to three connected devices and one that comes online later.
        fleet.hub.hub().addDevice("cat-late", null, null, true);
        TestHttpResponse created = createOperation(List.of("cat-001", "cat-002", "cat-003", "cat-late"));
        assertEquals(202, created.code(), String.valueOf(created.getBody()));
        String id = created.json().get("id").getAsString();

        TestHttpResponse inUse = call(catalog.delete(
                TestHttpRequest.request(
                        com.microsoft.azure.functions.HttpMethod.DELETE, "/api/firmware/" + VERSION, Map.of(), null),
                VERSION,
                new TestContext("DeleteFirmware")));
        assertEquals(409, inUse.code(), String.valueOf(inUse.getBody()));
        assertEquals("firmware-in-use", inUse.json().get("code").getAsString());
        assertEquals(id, inUse.json().getAsJsonArray("operationIds").get(0).getAsString());

        Instant firstTick = Instant.now();
        timer.run("{}", new TestContext("RolloutTimer"));
        // The offline device's goal carries a link, never a long-lived URL: the goal expires with it.
        JsonObject goal = fleet.hub
                .hub()
                .twin("cat-late")
                .getAsJsonObject("properties")
                .getAsJsonObject("desired")
                .getAsJsonObject("firmware");
        String goalUri = goal.get("packageUri").getAsString();
        assertTrue(goalUri.startsWith(plain + "?") && goalUri.contains("sig="), goalUri);
        Instant goalExpiry =
                Timestamps.parse(goal.get("expiresAt").getAsString()).orElseThrow();
        assertTrue(
                !goalExpiry.isAfter(Instant.now().plus(Duration.ofMinutes(15))) && goalExpiry.isAfter(firstTick),
                "a goal lives as long as its link (15 minutes for a 2-minute device timeout): " + goalExpiry);
        assertTrue(
                goalUri.contains("se="
                        + java.net.URLEncoder.encode(
                                goalExpiry
                                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                        .toString(),
                                java.nio.charset.StandardCharsets.UTF_8)),
                "the link expires when the goal does: " + goalUri + " vs " + goalExpiry);

        DeviceRuntime late = DeviceRuntime.start(
                new DeviceRuntime.Settings(
                        fleet.hub.deviceConnectionString("cat-late"),
                        dir.resolve("cat-late"),
                        TlsContexts.trustingDefaultsPlus(fleet.hub.caFile()),
                        Duration.ofSeconds(1),
                        "1.0.0"),
                w -> {});
        fleet.devices.add(late);

        JsonObject done = Waits.until(
                Waits.upTo(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)),
                () -> {
                    timer.run("{}", new TestContext("RolloutTimer"));
                    return getOperation(id);
                },
                last -> List.of("completed", "aborted", "failed", "canceled")
                        .contains(last.get("state").getAsString()),
                last -> "operation " + id + " did not settle: " + last);
        assertEquals("completed", done.get("state").getAsString(), done.toString());
        assertEquals(4, done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        for (DeviceRuntime d : fleet.devices) {
            assertEquals(VERSION, d.agent().state().firmwareVersion(), d.deviceId());
            JsonObject reported = fleet.hub
                    .hub()
                    .twin(d.deviceId())
                    .getAsJsonObject("properties")
                    .getAsJsonObject("reported")
                    .getAsJsonObject("iothubDM")
                    .getAsJsonObject("firmwareUpdate");
            String shown = reported.get("fwPackageUri").getAsString();
            assertEquals(plain, shown, "the device reports the package without the link's query string");
        }

        // A single-device update by catalog version gets a link for that call.
        TestHttpResponse single = call(actions.firmwareUpdate(
                TestHttpRequest.post(
                        "/api/devices/cat-001/firmware-update",
                        "{\"catalogVersion\":\"" + VERSION + "\",\"operationId\":\"single-" + RUN + "\"}"),
                "cat-001",
                new TestContext("FirmwareUpdate")));
        assertEquals(202, single.code(), String.valueOf(single.getBody()));
        assertEquals("current", single.json().get("result").getAsString(), "the device is on that version already");

        // The operation is finished: the version may go, and its package with it.
        Waits.upTo(Duration.ofSeconds(30), "the finished operation releases the version")
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    timer.run("{}", new TestContext("RolloutTimer"));
                    return call(catalog.delete(
                                            TestHttpRequest.request(
                                                    com.microsoft.azure.functions.HttpMethod.DELETE,
                                                    "/api/firmware/" + VERSION,
                                                    Map.of(),
                                                    null),
                                            VERSION,
                                            new TestContext("DeleteFirmware")))
                                    .code()
                            == 204;
                });
        assertEquals(
                404,
                call(catalog.get(
                                TestHttpRequest.get("/api/firmware/" + VERSION),
                                VERSION,
                                new TestContext("GetFirmware")))
                        .code());
        JsonArray versions = call(catalog.list(TestHttpRequest.get("/api/firmware"), new TestContext("ListFirmware")))
                .json()
                .getAsJsonArray("versions");
        assertFalse(versions.toString().contains("\"" + VERSION + "\""), versions.toString());
    }

    private static TestHttpResponse complete() {
        return call(catalog.complete(
                TestHttpRequest.post("/api/firmware/" + VERSION + "/complete", null),
                VERSION,
                new TestContext("CompleteFirmware")));
    }

    private static TestHttpResponse createOperation(List<String> devices) {
        String ids = devices.stream().map(d -> "\"" + d + "\"").collect(java.util.stream.Collectors.joining(","));
        return call(operations.create(
                TestHttpRequest.post(
                        "/api/operations",
                        "{\"action\":\"firmwareUpdate\",\"firmware\":{\"catalogVersion\":\"" + VERSION
                                + "\"},\"target\":{\"deviceIds\":[" + ids + "]},\"deviceTimeoutMinutes\":2}"),
                new TestContext("CreateOperation")));
    }

    private static JsonObject getOperation(String id) {
        TestHttpResponse r =
                call(operations.get(TestHttpRequest.get("/api/operations/" + id), id, new TestContext("Get")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        return r.json();
    }

    private static TestHttpResponse call(com.microsoft.azure.functions.HttpResponseMessage m) {
        return TestHttpResponse.of(m);
    }
}
