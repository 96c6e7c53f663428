package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.storage.blob.BlobServiceClientBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.http.DeviceActionFunctions;
import dev.fleetops.functions.http.ProgressFunction;
import dev.fleetops.functions.support.Azurite;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.timer.ProgressTimerFunction;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-device flow with every real part: the functions' Java entry points with real request
 * objects, iot-service-client, the local hub (MQTT/TLS and HTTPS), FleetOps device apps on the
 * iot-device-client, a local HTTPS package server, and Azurite for the progress summary.
 */
class SingleDeviceFlowIT {
    private static final Duration WAIT = Duration.ofSeconds(45);

    @TempDir
    static Path dir;

    @AutoClose
    static LocalDevices fleet;

    static DeviceActionFunctions actions;
    static DeviceApi api;
    static ProgressFunction progress;
    static ProgressTimerFunction timer;
    static String container = "e2e-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        fleet = LocalDevices.start(dir, "device-", 6, 4, DeviceRuntime.Extras.NONE);
        FleetOpsInjector injector =
                Backend.on(fleet.hub, Map.of("PROGRESS_CONTAINER", container, "METHOD_RESPONSE_TIMEOUT_SECONDS", "10"));
        api = DeviceApi.of(fleet.hub, injector, WAIT);
        actions = api.actions();
        progress = injector.getInstance(ProgressFunction.class);
        timer = injector.getInstance(ProgressTimerFunction.class);
        api.awaitConnected(fleet.devices);
    }

    @Test
    void rebootCompletesAndTheDeviceReportsItsNewBoot() throws Exception {
        JsonObject before = api.status("device-001", null);
        TestHttpResponse r = TestHttpResponse.of(actions.reboot(
                TestHttpRequest.post("/api/devices/device-001/reboot", null), "device-001", new TestContext("Reboot")));
        assertEquals(202, r.code(), String.valueOf(r.getBody()));
        String op = r.json().get("operationId").getAsString();
        assertTrue(r.getHeader("Location").endsWith("operationId=" + op));
        JsonObject done = api.awaitOperation("device-001", op, s -> s.equals("completed"));
        long bootsBefore = before.has("reboot")
                ? before.getAsJsonObject("reboot").get("bootCount").getAsLong()
                : 1;
        assertTrue(done.getAsJsonObject("reboot").get("bootCount").getAsLong() > bootsBefore, done.toString());
        assertTrue(done.getAsJsonObject("reboot").has("lastReboot"));
    }

    @Test
    void firmwareUpdateDownloadsVerifiesAppliesAndReportsTheNewVersion() throws Exception {
        byte[] image = Packages.randomBytes(64 * 1024);
        String url = fleet.packages.publish("/fw/2.0.0.bin", image);
        String op = api.startFirmware("device-002", "2.0.0", url, Packages.sha256(image), image.length);
        JsonObject done = api.awaitOperation("device-002", op, s -> s.equals("applyComplete") || s.endsWith("Failed"));
        assertEquals(
                "applyComplete", done.getAsJsonObject("operation").get("status").getAsString(), done.toString());
        assertEquals("2.0.0", done.get("firmwareVersion").getAsString());
        assertEquals(
                url, done.getAsJsonObject("firmwareUpdate").get("fwPackageUri").getAsString());
    }

    @Test
    void aPackageWithTheWrongHashFailsCleanlyAndKeepsTheRunningVersion() throws Exception {
        String runningBefore =
                api.status("device-003", null).get("firmwareVersion").getAsString();
        byte[] image = Packages.randomBytes(16 * 1024);
        String url = fleet.packages.publish("/fw/corrupt.bin", image);
        String op = api.startFirmware("device-003", "3.0.0", url, "0".repeat(64), null);
        JsonObject done = api.awaitOperation("device-003", op, s -> !s.equals("pending") && isTerminalFirmware(s));
        JsonObject operation = done.getAsJsonObject("operation");
        assertEquals("downloadFailed", operation.get("status").getAsString());
        assertEquals(
                "sha256Mismatch", operation.getAsJsonObject("error").get("code").getAsString());
        assertEquals(runningBefore, done.get("firmwareVersion").getAsString());
        assertTrue(!runningBefore.equals("3.0.0"));
    }

    @Test
    void aDeviceThatDropsMidUpdateReconnectsAndFinishes() throws Exception {
        byte[] image = Packages.randomBytes(96 * 1024);
        String url = fleet.packages.publish("/fw/slow.bin", image);
        fleet.packages.slow("/fw/slow.bin", 25);
        String op = api.startFirmware("device-004", "2.1.0", url, Packages.sha256(image), image.length);
        api.awaitOperation("device-004", op, s -> s.equals("downloading"));
        assertTrue(fleet.hub.disconnectDevice("device-004"), "device-004 was connected");
        JsonObject done = api.awaitOperation("device-004", op, s -> s.equals("applyComplete") || s.endsWith("Failed"));
        assertEquals(
                "applyComplete", done.getAsJsonObject("operation").get("status").getAsString(), done.toString());
        assertEquals("2.1.0", done.get("firmwareVersion").getAsString());
    }

    @Test
    void factoryResetReturnsTheDeviceToItsFactoryFirmware() throws Exception {
        byte[] image = Packages.randomBytes(8 * 1024);
        String fw = api.startFirmware(
                "device-001", "9.0.0", fleet.packages.publish("/fw/9.bin", image), Packages.sha256(image), null);
        api.awaitOperation("device-001", fw, s -> s.equals("applyComplete"));
        TestHttpResponse r = TestHttpResponse.of(actions.factoryReset(
                TestHttpRequest.post("/x", "{\"operationId\":\"reset-e2e-1\"}"),
                "device-001",
                new TestContext("FactoryReset")));
        assertEquals(202, r.code(), String.valueOf(r.getBody()));
        JsonObject done = api.awaitOperation("device-001", "reset-e2e-1", s -> s.equals("completed"));
        assertEquals("1.0.0", done.get("firmwareVersion").getAsString());
        TestHttpResponse again = TestHttpResponse.of(actions.factoryReset(
                TestHttpRequest.post("/x", "{\"operationId\":\"reset-e2e-1\"}"),
                "device-001",
                new TestContext("FactoryReset")));
        assertEquals("duplicate", again.json().get("result").getAsString(), "same operation id is idempotent");
    }

    @Test
    void aDeviceOfflineAtCallTimeIsA409AndAnUnknownDeviceA404() {
        TestHttpResponse offline = TestHttpResponse.of(
                actions.reboot(TestHttpRequest.post("/x", null), "device-006", new TestContext("Reboot")));
        assertEquals(409, offline.code());
        assertEquals("device-offline", offline.json().get("code").getAsString());
        TestHttpResponse unknown = TestHttpResponse.of(
                actions.reboot(TestHttpRequest.post("/x", null), "no-such-device", new TestContext("Reboot")));
        assertEquals(404, unknown.code());
        assertEquals("device-not-found", unknown.json().get("code").getAsString());
    }

    @Test
    void theTimerWritesAProgressSummaryToBlobStorage() throws Exception {
        byte[] image = Packages.randomBytes(4 * 1024);
        String op = api.startFirmware(
                "device-003", "4.0.0", fleet.packages.publish("/fw/4.bin", image), Packages.sha256(image), null);
        api.awaitOperation("device-003", op, s -> s.equals("applyComplete"));
        timer.run("{}", new TestContext("ProgressTimer"));
        var blobs = new BlobServiceClientBuilder()
                .connectionString(Azurite.connectionString())
                .buildClient()
                .getBlobContainerClient(container);
        JsonObject latest = JsonParser.parseString(
                        blobs.getBlobClient("latest.json").downloadContent().toString())
                .getAsJsonObject();
        assertEquals(6, latest.get("totalDevices").getAsInt(), latest.toString());
        assertTrue(
                latest.getAsJsonObject("statusCounts")
                        .getAsJsonObject("firmwareUpdate")
                        .has("applyComplete"),
                latest.toString());
        assertTrue(latest.getAsJsonObject("firmwareVersions").has("4.0.0"), latest.toString());
        TestHttpResponse served =
                TestHttpResponse.of(progress.latest(TestHttpRequest.get("/api/progress"), new TestContext("Progress")));
        assertEquals(200, served.code());
        assertEquals(latest, served.json());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static boolean isTerminalFirmware(String s) {
        return s.equals("applyComplete") || s.endsWith("Failed") || s.equals("current") || s.equals("rolledBack");
    }
}
