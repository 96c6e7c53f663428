package dev.fleetops.localhub.c2d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.TestLink;
import dev.fleetops.localhub.mqtt.InMemorySessionStore;
import dev.fleetops.localhub.mqtt.MqttLimits;
import dev.fleetops.localhub.rest.HttpsServer;
import dev.fleetops.localhub.rest.RestApi;
import dev.fleetops.localhub.testsupport.SdkClients;
import dev.fleetops.localhub.testsupport.TestHub;
import dev.fleetops.localhub.tls.TlsMaterial;
import dev.fleetops.testkit.Waits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud-to-device messages, sent through the hub's REST endpoint and received by the unmodified Java device SDK
 * over MQTT_WS (the SasTokenProvider constructor, which keeps the devicebound subscription).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CloudToDeviceSdkTest {
    static final String HOST = "127.0.0.1";
    static final int WAIT_SECONDS = 15;

    @TempDir
    static Path stateDir;

    static Hub hub;
    static HttpsServer server;
    static int port;
    static TlsMaterial tls;
    DeviceClient client;

    @BeforeAll
    static void start() throws Exception {
        tls = TestHub.trustedByTheJvm(stateDir);
        hub = TestHub.inMemory(100);
        server = new HttpsServer(new RestApi(hub, Set.of(HOST, "localhost")), tls.serverContext(), HOST, 0)
                .mqttOverWebSocket(hub, new InMemorySessionStore(), MqttLimits.defaults());
        port = server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        hub.close();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    /** Opens a client for {@code deviceId} whose callback hands messages to {@code received}; returns once connected. */
    DeviceClient connect(String deviceId, BlockingQueue<Message> received, AtomicBoolean failNext) throws Exception {
        String key = hub.device(deviceId).orElseThrow().primaryKey();
        client = new DeviceClient(
                HOST + ":" + port,
                deviceId,
                () -> TestHub.deviceSdkToken(deviceId, key).toCharArray(),
                IotHubClientProtocol.MQTT_WS,
                ClientOptions.builder().sslContext(tls.clientContext()).build());
        Semaphore connected = new Semaphore(0);
        SdkClients.releaseOnConnect(client, connected);
        client.setMessageCallback(
                (message, ctx) -> {
                    if (failNext != null && failNext.getAndSet(false)) {
                        // The SDK sends no PUBACK when the callback throws: the hub must keep the message.
                        throw new IllegalStateException("test: callback fails once");
                    }
                    received.add(message);
                    return IotHubMessageResult.COMPLETE;
                },
                null);
        client.open(false);
        assertTrue(connected.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS));
        return client;
    }

    /** POST /devices/{id}/messages/devicebound as a back-end would; returns status and body. */
    static Object[] post(String deviceId, String json) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) URI.create("https://" + HOST + ":" + port + "/devices/" + deviceId
                        + "/messages/devicebound?api-version=2021-04-12")
                .toURL()
                .openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Authorization", TestHub.serviceToken(hub.policies(), "service", Duration.ofMinutes(10)));
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 300 ? c.getInputStream() : c.getErrorStream()) {
            return new Object[] {
                status,
                JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .getAsJsonObject()
            };
        }
    }

    static void awaitQueueEmpty(String deviceId) {
        Waits.upTo(Duration.ofSeconds(WAIT_SECONDS), "the acknowledged message leaving the queue")
                .until(() -> hub.pendingCloudToDevice(deviceId).isEmpty());
    }

    /** The ids of the messages queued for {@code deviceId}, oldest first. */
    static List<String> queued(String deviceId) {
        return hub.pendingCloudToDevice(deviceId).stream()
                .map(CloudToDeviceMessage::messageId)
                .toList();
    }

    @Test
    void aMessageSentWhileTheDeviceIsOfflineArrivesWithItsPropertiesOnceItConnects() throws Exception {
        hub.addDevice("c2d-offline", null, null, true);
        Object[] sent = post(
                "c2d-offline",
                "{\"body\":\"reboot at 3\",\"messageId\":\"c2d-1\",\"properties\":{\"kind\":\"command\",\"note\":\"hello world & more\"}}");
        assertEquals(200, sent[0]);
        assertEquals(1, ((JsonObject) sent[1]).get("queueDepth").getAsInt());

        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        connect("c2d-offline", received, null);
        Message m = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(m, "the queued message was not delivered");
        assertEquals("c2d-1", m.getMessageId());
        assertEquals("command", m.getProperty("kind"));
        assertEquals("hello world & more", m.getProperty("note"));
        assertEquals("reboot at 3", new String(m.getBytes(), StandardCharsets.UTF_8));
        awaitQueueEmpty("c2d-offline");
    }

    @Test
    void aMessageSentToAConnectedDeviceIsDeliveredAtOnceAndOnlyOnce() throws Exception {
        hub.addDevice("c2d-online", null, null, true);
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        connect("c2d-online", received, null);
        hub.sendCloudToDevice("c2d-online", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Map.of("p", "1"), null);
        hub.sendCloudToDevice("c2d-online", "second".getBytes(StandardCharsets.UTF_8), Map.of(), "m-2");
        Message first = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        Message second = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(first);
        assertNotNull(second);
        assertEquals("{\"a\":1}", new String(first.getBytes(), StandardCharsets.UTF_8));
        assertEquals("m-2", second.getMessageId());
        awaitQueueEmpty("c2d-online");
        // A later message is the signal: had the acknowledged ones been sent again, they would come first.
        hub.sendCloudToDevice("c2d-online", "third".getBytes(StandardCharsets.UTF_8), Map.of(), "m-3");
        Message next = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(next);
        assertEquals("m-3", next.getMessageId(), "an acknowledged message is not sent again");
    }

    @Test
    void aMessageTheDeviceDidNotAcknowledgeIsRedeliveredAfterItReconnects() throws Exception {
        hub.addDevice("c2d-redeliver", null, null, true);
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        AtomicBoolean failNext = new AtomicBoolean(true);
        connect("c2d-redeliver", received, failNext);
        hub.sendCloudToDevice("c2d-redeliver", "again".getBytes(StandardCharsets.UTF_8), Map.of(), "m-again");
        Waits.upTo(Duration.ofSeconds(WAIT_SECONDS), "the message reaching the callback")
                .until(() -> !failNext.get());
        // The signal that the SDK is done with it: a later message, handled after it, is acknowledged.
        hub.sendCloudToDevice("c2d-redeliver", "later".getBytes(StandardCharsets.UTF_8), Map.of(), "m-later");
        Message later = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(later);
        assertEquals("m-later", later.getMessageId());
        Waits.upTo(Duration.ofSeconds(WAIT_SECONDS), "the later message's PUBACK")
                .until(() -> !queued("c2d-redeliver").contains("m-later"));
        assertEquals(1, hub.pendingCloudToDevice("c2d-redeliver").size(), "no PUBACK, so the message stays queued");

        TestLink.dropConnection(hub, "c2d-redeliver");
        Message m = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(m, "the unacknowledged message was not redelivered after the reconnect");
        assertEquals("m-again", m.getMessageId());
        awaitQueueEmpty("c2d-redeliver");
    }

    @Test
    void theQueueHoldsFiftyMessagesAndRefusesMoreAndUnusablePropertiesAreRejected() throws Exception {
        hub.addDevice("c2d-full", null, null, true);
        for (int i = 0; i < CloudToDeviceQueues.MAX_DEPTH; i++) {
            assertEquals(200, post("c2d-full", "{\"body\":\"m" + i + "\"}")[0]);
        }
        Object[] refused = post("c2d-full", "{\"body\":\"one too many\"}");
        assertEquals(403, refused[0]);
        assertEquals(403004, ((JsonObject) refused[1]).get("errorCode").getAsInt());

        hub.addDevice("c2d-bad", null, null, true);
        Object[] empty = post("c2d-bad", "{\"body\":\"x\",\"properties\":{\"k\":\"\"}}");
        assertEquals(400, empty[0], "the Java SDK throws on an empty property value");
        assertEquals(404, post("nobody", "{\"body\":\"x\"}")[0]);
        assertTrue(hub.pendingCloudToDevice("c2d-bad").isEmpty());
    }
}
