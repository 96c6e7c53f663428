package dev.fleetops.localhub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.MethodResult;
import dev.fleetops.localhub.hub.TelemetryMessage;
import dev.fleetops.localhub.testsupport.SdkClients;
import dev.fleetops.localhub.tls.TlsMaterial;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified Java device SDK (MQTT) against an in-process hub on 127.0.0.1:8883, the port the SDK
 * hard-codes. The tests share one client and run in order, like a device's life.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class DeviceSdkConformanceTest {
    private static final int SDK_PORT = 8883;
    private static final int WAIT_SECONDS = 15;
    /** Bounds each synchronous twin call, well below the test timeout, so one lost response can be retried. */
    private static final int SDK_CALL_MILLIS = 5000;

    @TempDir
    static Path tlsDir;

    private static TlsMaterial tls;
    private static String key;
    private static Hub hub;
    private static MqttServer server;
    private static DeviceClient client;
    private static final BlockingQueue<Twin> desired = new LinkedBlockingQueue<>();
    private static final Semaphore connected = new Semaphore(0);

    @BeforeAll
    static void startHub() throws Exception {
        key = TestHubs.newKey();
        hub = TestHubs.hubWithDevice(key);
        tls = TlsMaterial.loadOrCreate(tlsDir, List.of());
        server = new MqttServer(hub, tls.serverContext(), TestHubs.HOST, SDK_PORT, MqttLimits.defaults());
        try {
            server.start();
        } catch (IllegalStateException e) {
            fail("port " + SDK_PORT + " must be free: the Java device SDK hard-codes it (" + e.getMessage() + ")");
        }
        client = newClient(key);
        SdkClients.releaseOnConnect(client, connected);
    }

    @AfterAll
    static void stopHub() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    @Order(8)
    void wrongKeyFailsOpenAsUnauthorized() {
        DeviceClient bad = newClient(TestHubs.newKey());
        try {
            IotHubClientException e = assertThrows(IotHubClientException.class, () -> bad.open(false));
            assertEquals(IotHubStatusCode.UNAUTHORIZED, e.getStatusCode());
        } finally {
            bad.close();
        }
    }

    @Test
    @Order(2)
    void opensSubscribesAndReadsTheTwin() throws Exception {
        client.open(false);
        assertTrue(connected.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS));
        client.subscribeToMethods(
                (name, payload, ctx) -> new DirectMethodResponse(
                        200, Map.of("result", "ok", "method", name, "echo", payload.getPayloadAsJsonString())),
                null);
        client.subscribeToDesiredProperties((twin, ctx) -> desired.add(twin), null);
        Twin twin = retryingLostResponse(() -> client.getTwin(SDK_CALL_MILLIS));
        assertEquals(1, twin.getDesiredProperties().getVersion());
        assertEquals(1, server.connectedDevices());
    }

    @Test
    @Order(3)
    void reportedPropertiesUpdateWithAndWithoutVersionAndStaleVersionFails() throws Exception {
        TwinCollection first = new TwinCollection();
        first.put("firmware", "1.0");
        int v = retryingLostResponse(() -> client.updateReportedProperties(first, SDK_CALL_MILLIS))
                .getVersion();
        TwinCollection second = new TwinCollection();
        second.put("firmware", "1.1");
        second.setVersion(v);
        assertEquals(v + 1, updateWithVersion(second));
        TwinCollection stale = new TwinCollection();
        stale.put("firmware", "0.9");
        stale.setVersion(v);
        IotHubClientException e = assertThrows(
                IotHubClientException.class,
                () -> retryingLostResponse(() -> client.updateReportedProperties(stale, SDK_CALL_MILLIS)));
        assertEquals(IotHubStatusCode.PRECONDITION_FAILED, e.getStatusCode());
        assertEquals(
                "1.1",
                hub.twinProperties(TestHubs.DEVICE)
                        .getAsJsonObject("reported")
                        .get("firmware")
                        .getAsString());
    }

    @Test
    @Order(4)
    void directMethodIsAnsweredByTheSdkCallback() throws Exception {
        assertMethodRoundTrip();
    }

    @Test
    @Order(5)
    void desiredPatchReachesTheCallbackWithItsVersion() throws Exception {
        assertDesiredPatch("on1", 2);
    }

    @Test
    @Order(6)
    void telemetryIsBufferedWithItsProperties() throws Exception {
        Message m = new Message("{\"temp\":21.5}");
        m.setProperty("alert", "high temp");
        client.sendEvent(m);
        TelemetryMessage t = hub.telemetry().get(hub.telemetry().size() - 1);
        assertEquals(TestHubs.DEVICE, t.deviceId());
        assertEquals("high temp", t.properties().get("alert"));
        assertEquals(TestHubs.DEVICE, t.properties().get("$.cdid"));
        assertEquals("{\"temp\":21.5}", new String(t.body(), StandardCharsets.UTF_8));
    }

    /** The SDK never resubscribes to methods or desired properties: only the persisted session keeps them alive. */
    @Test
    @Order(7)
    void afterAServerSideDropTheSdkReconnectsAndKeepsMethodsAndDesiredWithoutResubscribing() throws Exception {
        assertTrue(server.disconnect(TestHubs.DEVICE, "test: simulated network drop"));
        assertTrue(connected.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS), "the SDK did not reconnect");
        assertMethodRoundTrip();
        assertDesiredPatch("on2", 3);
    }

    private static void assertMethodRoundTrip() throws Exception {
        MethodResult r = hub.invokeMethod(
                        TestHubs.DEVICE,
                        "reboot",
                        "{\"delay\":5}".getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(WAIT_SECONDS),
                        Duration.ofSeconds(WAIT_SECONDS))
                .get(2L * WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(200, r.status());
        String body = new String(r.payload(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"result\":\"ok\"") && body.contains("reboot") && body.contains("delay"), body);
    }

    private static void assertDesiredPatch(String value, int version) throws InterruptedException {
        JsonObject patch = new JsonObject();
        patch.addProperty("setting", value);
        hub.updateTwin(TestHubs.DEVICE, null, patch, null, false);
        Twin twin = desired.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(twin, "no desired-properties callback");
        assertEquals(version, twin.getDesiredProperties().getVersion());
        assertEquals(value, twin.getDesiredProperties().get("setting"));
    }

    /**
     * The 2.5.0 SDK can lose a twin response: IotHubTransport.onMessageReceived queues the response for its
     * receive thread, which spawns a thread removing the request's correlation callback, before it looks
     * that callback up itself. Seen with this hub under CPU load (instrumented: "remove rid" then "miss
     * rid"); the real hub is exposed to the same race. A request that timed out is retried once.
     */
    private static <T> T retryingLostResponse(SdkCall<T> call) throws Exception {
        try {
            return call.run();
        } catch (IotHubClientException e) {
            if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
                throw e;
            }
            System.err.println("SDK lost a twin response (known SDK race); retrying once");
            return call.run();
        }
    }

    /** A versioned update is not idempotent: after a lost response, the hub's twin tells whether it was applied. */
    private static int updateWithVersion(TwinCollection patch) throws Exception {
        try {
            return client.updateReportedProperties(patch, SDK_CALL_MILLIS).getVersion();
        } catch (IotHubClientException e) {
            if (e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
                throw e;
            }
            System.err.println("SDK lost a twin response (known SDK race); reading the version from the hub");
            return hub.twinProperties(TestHubs.DEVICE)
                    .getAsJsonObject("reported")
                    .get("$version")
                    .getAsInt();
        }
    }

    @FunctionalInterface
    private interface SdkCall<T> {
        T run() throws Exception;
    }

    private static DeviceClient newClient(String deviceKey) {
        String cs = "HostName=" + TestHubs.HOST + ";DeviceId=" + TestHubs.DEVICE + ";SharedAccessKey=" + deviceKey;
        return new DeviceClient(
                cs,
                IotHubClientProtocol.MQTT,
                ClientOptions.builder().sslContext(tls.clientContext()).build());
    }
}
