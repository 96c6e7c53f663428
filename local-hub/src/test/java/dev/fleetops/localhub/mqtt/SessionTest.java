package dev.fleetops.localhub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.MethodResult;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SessionTest {
    private static final String METHODS = "$iothub/methods/POST/#";
    private final String key = TestHubs.newKey();
    private final Hub hub = TestHubs.hubWithDevice(key);
    private final SessionStore sessions = new InMemorySessionStore();

    @Test
    void secondConnectionTakesOverTheFirst() {
        EmbeddedDevice first = new EmbeddedDevice(hub, sessions);
        EmbeddedDevice second = new EmbeddedDevice(hub, sessions);
        first.connect(key);
        second.connect(key);
        assertFalse(first.isOpen());
        assertTrue(second.isOpen());
        assertTrue(hub.isConnected(TestHubs.DEVICE), "closing the old connection must not detach the new one");
    }

    @Test
    void reconnectWithCleanSessionFalseResumesSubscriptionsWithoutResubscribing() throws Exception {
        EmbeddedDevice first = new EmbeddedDevice(hub, sessions);
        first.connect(key);
        first.subscribe(1, METHODS);
        first.server.close();
        assertFalse(hub.isConnected(TestHubs.DEVICE));

        EmbeddedDevice second = new EmbeddedDevice(hub, sessions);
        assertTrue(second.connect(key).variableHeader().isSessionPresent());
        CompletableFuture<MethodResult> call = hub.invokeMethod(
                TestHubs.DEVICE, "reboot", "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5), Duration.ZERO);
        MqttPublishMessage request = (MqttPublishMessage) second.receive();
        assertTrue(request.variableHeader().topicName().startsWith("$iothub/methods/POST/reboot/?$rid="));
        request.release();
        assertFalse(call.isDone());
    }

    @Test
    void cleanSessionDiscardsStoredSubscriptions() {
        EmbeddedDevice first = new EmbeddedDevice(hub, sessions);
        first.connect(key);
        first.subscribe(1, METHODS);
        first.server.close();

        EmbeddedDevice second = new EmbeddedDevice(hub, sessions);
        String token = TestHubs.sdkToken(TestHubs.DEVICE, key, TestHubs.inOneHour());
        assertFalse(second.connect(TestHubs.DEVICE, TestHubs.username(TestHubs.DEVICE), token, true)
                .variableHeader()
                .isSessionPresent());
        second.server.close();
        EmbeddedDevice third = new EmbeddedDevice(hub, sessions);
        assertFalse(third.connect(key).variableHeader().isSessionPresent());
    }

    @Test
    void subscribeGrantsAtMostQos1AndFailsInvalidFilters() {
        EmbeddedDevice device = new EmbeddedDevice(hub, sessions);
        device.connect(key);
        List<Integer> granted = device.subscribe(7, METHODS, "a/#/b", "$iothub/twin/res/#")
                .payload()
                .grantedQoSLevels();
        assertEquals(List.of(1, 0x80, 1), granted);
    }

    @Test
    void filterMatchingFollowsMqttWildcards() {
        assertTrue(TopicFilter.matches("$iothub/methods/POST/#", "$iothub/methods/POST/reboot/?$rid=1"));
        assertTrue(TopicFilter.matches("a/+/c", "a/b/c"));
        assertTrue(TopicFilter.matches("a/#", "a"));
        assertFalse(TopicFilter.matches("a/+", "a/b/c"));
        assertFalse(TopicFilter.matches("#", "$iothub/twin/res/200"));
        assertFalse(TopicFilter.matches("+/methods/POST/#", "$iothub/methods/POST/x"));
        assertTrue(TopicFilter.isValid("+/x/#", 100));
        assertFalse(TopicFilter.isValid("a/b#", 100));
        assertFalse(TopicFilter.isValid("a+/b", 100));
        assertFalse(TopicFilter.isValid("x".repeat(101), 100));
    }
}
