package dev.fleetops.bench.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.bench.hub.HubServiceApi;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.testkit.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wire devices against the real in-process hub: they connect, answer direct methods sent through HTTPS, report properties. */
class WireFleetTest {
    @TempDir
    static Path stateDir;

    private static LocalHub hub;
    private static HubServiceApi service;

    @BeforeAll
    static void startHub() throws Exception {
        hub = LocalHub.builder().stateDir(stateDir).mqttPort(0).httpsPort(0).start();
        service = new HubServiceApi(
                hub.serviceEndpoint(),
                hub.serviceConnectionString("service"),
                hub.tls().clientContext());
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    private static WireFleet.Options options() {
        return WireFleet.Options.defaults().withMqttPort(hub.mqttPort()).withCaFile(hub.caFile());
    }

    @Test
    void twentyDevicesConnectAndAnswerDirectMethodsThroughTheServiceApi() throws Exception {
        List<WireDevice.Credentials> devices = FleetCredentials.register(hub, "wire-", 20);
        try (WireFleet fleet = WireFleet.connect(devices, options())) {
            assertTrue(
                    fleet.awaitConnected(Duration.ofSeconds(30)),
                    "connected " + fleet.connected() + ", last failure " + fleet.lastFailure());
            assertEquals(20, fleet.connected());
            for (WireDevice.Credentials d : devices) {
                assertTrue(hub.hub().isConnected(d.deviceId()));
                HubServiceApi.Reply reply = service.invokeMethod(d.deviceId(), "reboot", "{\"delaySeconds\":1}", 10);
                assertEquals(200, reply.status(), reply.body());
                JsonObject answer = JsonParser.parseString(reply.body()).getAsJsonObject();
                assertEquals(200, answer.get("status").getAsInt());
            }
            assertEquals(20, fleet.methodsAnswered());
        }
        waitUntil(() -> !hub.hub().isConnected(devices.get(0).deviceId()));
    }

    @Test
    void answersWithTheConfiguredStatusAfterTheConfiguredDelay() throws Exception {
        List<WireDevice.Credentials> devices = FleetCredentials.register(hub, "slow-", 1);
        try (WireFleet fleet =
                WireFleet.connect(devices, options().withMethodStatus(404).withMethodDelay(Duration.ofMillis(300)))) {
            assertTrue(fleet.awaitConnected(Duration.ofSeconds(30)));
            long start = System.nanoTime();
            HubServiceApi.Reply reply = service.invokeMethod("slow-001", "firmwareUpdate", "{}", 10);
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
            assertEquals(
                    404,
                    JsonParser.parseString(reply.body())
                            .getAsJsonObject()
                            .get("status")
                            .getAsInt());
        }
    }

    @Test
    void reportsPropertiesThatTheHubStores() throws Exception {
        List<WireDevice.Credentials> devices = FleetCredentials.register(hub, "twin-", 2);
        String patch = "{\"iothubDM\":{\"firmwareUpdate\":{\"status\":\"current\"}}}";
        try (WireFleet fleet = WireFleet.connect(devices, options().withReportedOnConnect(patch))) {
            assertTrue(fleet.awaitConnected(Duration.ofSeconds(30)));
            waitUntil(() -> fleet.reportedAcknowledged() == 2);
            assertEquals(
                    204,
                    fleet.reportProperties("twin-002", "{\"battery\":80}").get().intValue());
        }
        JsonObject reported =
                hub.hub().twin("twin-002").getAsJsonObject("properties").getAsJsonObject("reported");
        assertEquals(
                "current",
                reported.getAsJsonObject("iothubDM")
                        .getAsJsonObject("firmwareUpdate")
                        .get("status")
                        .getAsString());
        assertEquals(80, reported.get("battery").getAsInt());
    }

    @Test
    void aDroppedDeviceReconnectsAndAnswersAgain() throws Exception {
        List<WireDevice.Credentials> devices = FleetCredentials.register(hub, "drop-", 1);
        try (WireFleet fleet = WireFleet.connect(devices, options().withReconnectDelay(Duration.ofMillis(200)))) {
            assertTrue(fleet.awaitConnected(Duration.ofSeconds(30)));
            assertTrue(hub.disconnectDevice("drop-001"));
            waitUntil(() -> fleet.disconnects() == 1 && fleet.connected() == 1);
            assertEquals(
                    200, service.invokeMethod("drop-001", "reboot", "{}", 10).status());
            assertEquals(1, fleet.methodsAnswered());
        }
    }

    @Test
    void aDeviceWithAWrongKeyIsRefusedAndCounted() throws Exception {
        FleetCredentials.register(hub, "refused-", 1);
        var wrong =
                new WireDevice.Credentials("refused-001", "127.0.0.1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        try (WireFleet fleet = WireFleet.connect(List.of(wrong), options().withReconnectDelay(null))) {
            assertFalse(fleet.awaitConnected(Duration.ofSeconds(30)));
            assertEquals(1, fleet.failures());
            assertTrue(fleet.lastFailure().contains("CONNACK"), fleet.lastFailure());
        }
    }

    @Test
    void credentialsComeFromConnectionStringsAndLocalHubJson() {
        FleetCredentials.register(hub, "json-", 1);
        var parsed = WireDevice.Credentials.fromConnectionString(hub.deviceConnectionString("json-001"));
        assertEquals("json-001", parsed.deviceId());
        assertEquals("127.0.0.1", parsed.hostName());
        assertEquals(hub.hub().device("json-001").orElseThrow().primaryKey(), parsed.sharedAccessKey());
        assertThrows(
                IllegalArgumentException.class,
                () -> WireDevice.Credentials.fromConnectionString("HostName=h;DeviceId=d"));

        FleetCredentials.HubConfig config = FleetCredentials.fromLocalHubJson(hub.configFile());
        assertEquals(hub.mqttPort(), config.mqttPort());
        assertEquals(hub.serviceEndpoint(), config.serviceEndpoint());
    }

    private static void waitUntil(Callable<Boolean> condition) {
        Waits.upTo(Duration.ofSeconds(10)).until(condition);
    }
}
