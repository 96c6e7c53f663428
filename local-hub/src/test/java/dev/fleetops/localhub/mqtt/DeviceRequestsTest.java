package dev.fleetops.localhub.mqtt;

import static dev.fleetops.localhub.mqtt.EmbeddedDevice.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.MethodResult;
import dev.fleetops.localhub.hub.TelemetryMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceRequestsTest {
    private final String key = TestHubs.newKey();
    private final Hub hub = TestHubs.hubWithDevice(key);
    private final EmbeddedDevice device = new EmbeddedDevice(hub, new InMemorySessionStore());

    @BeforeEach
    void connect() {
        device.connect(key);
        device.subscribe(1, "$iothub/twin/res/#", "$iothub/methods/POST/#", "$iothub/twin/PATCH/properties/desired/#");
    }

    @Test
    void twinGetAnswersOnTheRidTopicWithUnwrappedDesiredAndReported() {
        device.publish("$iothub/twin/GET/?$rid=r1", "", MqttQoS.AT_LEAST_ONCE, 11);
        assertEquals(
                11,
                ((MqttPubAckMessage) device.receive()).variableHeader().messageId(),
                "PUBACK comes before the answer");
        MqttPublishMessage res = (MqttPublishMessage) device.receive();
        assertEquals("$iothub/twin/res/200/?$rid=r1", res.variableHeader().topicName());
        assertEquals(MqttQoS.AT_MOST_ONCE, res.fixedHeader().qosLevel());
        JsonObject twin = JsonParser.parseString(body(res)).getAsJsonObject();
        assertEquals(1, twin.getAsJsonObject("desired").get("$version").getAsInt());
        assertTrue(twin.has("reported"));
        assertFalse(twin.has("properties"));
    }

    @Test
    void reportedPatchAnswers204WithRidFirstAndVersionLast() {
        device.publish(
                "$iothub/twin/PATCH/properties/reported/?$rid=r2", "{\"fw\":\"1.0\"}", MqttQoS.AT_LEAST_ONCE, 12);
        device.receive(); // PUBACK 12
        MqttPublishMessage res = (MqttPublishMessage) device.receive();
        assertEquals(
                "$iothub/twin/res/204/?$rid=r2&$version=2", res.variableHeader().topicName());
        assertEquals("", body(res));
        device.publish(
                "$iothub/twin/PATCH/properties/reported/?$rid=r3&$version=2",
                "{\"fw\":\"1.1\"}",
                MqttQoS.AT_LEAST_ONCE,
                13);
        device.receive(); // PUBACK 13
        assertEquals(
                "$iothub/twin/res/204/?$rid=r3&$version=3",
                ((MqttPublishMessage) device.receive()).variableHeader().topicName());
        assertEquals(
                "1.1",
                hub.twinProperties(TestHubs.DEVICE)
                        .getAsJsonObject("reported")
                        .get("fw")
                        .getAsString());
    }

    @Test
    void staleReportedVersionAnswers412WithJsonErrorBody() {
        device.publish(
                "$iothub/twin/PATCH/properties/reported/?$rid=r4&$version=7",
                "{\"fw\":\"1.0\"}",
                MqttQoS.AT_LEAST_ONCE,
                14);
        device.receive(); // PUBACK 14
        MqttPublishMessage res = (MqttPublishMessage) device.receive();
        assertEquals("$iothub/twin/res/412/?$rid=r4", res.variableHeader().topicName());
        assertEquals(
                412001,
                JsonParser.parseString(body(res))
                        .getAsJsonObject()
                        .get("errorCode")
                        .getAsInt());
        assertTrue(device.isOpen());
    }

    @Test
    void reportedPatchThatIsNotAJsonObjectAnswers400() {
        device.publish("$iothub/twin/PATCH/properties/reported/?$rid=r5", "{not json", MqttQoS.AT_LEAST_ONCE, 15);
        device.receive(); // PUBACK 15
        MqttPublishMessage res = (MqttPublishMessage) device.receive();
        assertEquals("$iothub/twin/res/400/?$rid=r5", res.variableHeader().topicName());
        assertTrue(JsonParser.parseString(body(res)).getAsJsonObject().has("message"));
    }

    @Test
    void directMethodRoundTripsThroughTheHub() throws Exception {
        CompletableFuture<MethodResult> call = hub.invokeMethod(
                TestHubs.DEVICE,
                "reboot",
                "{\"delay\":5}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1));
        MqttPublishMessage request = (MqttPublishMessage) device.receive();
        String topic = request.variableHeader().topicName();
        assertTrue(topic.startsWith("$iothub/methods/POST/reboot/?$rid="), topic);
        assertEquals(MqttQoS.AT_MOST_ONCE, request.fixedHeader().qosLevel());
        assertEquals("{\"delay\":5}", body(request));
        String rid = topic.substring(topic.indexOf("$rid=") + 5);
        device.publish("$iothub/methods/res/200/?$rid=" + rid, "{\"result\":\"ok\"}", MqttQoS.AT_LEAST_ONCE, 16);
        MethodResult result = call.get(1, TimeUnit.SECONDS);
        assertEquals(200, result.status());
        assertEquals("{\"result\":\"ok\"}", new String(result.payload(), StandardCharsets.UTF_8));
    }

    @Test
    void desiredPatchIsDeliveredWithItsVersion() {
        JsonObject desired = new JsonObject();
        desired.addProperty("setting", "on");
        hub.updateTwin(TestHubs.DEVICE, null, desired, null, false);
        MqttPublishMessage patch = (MqttPublishMessage) device.receive();
        assertEquals(
                "$iothub/twin/PATCH/properties/desired/?$version=2",
                patch.variableHeader().topicName());
        JsonObject body = JsonParser.parseString(body(patch)).getAsJsonObject();
        assertEquals("on", body.get("setting").getAsString());
        assertEquals(2, body.get("$version").getAsInt());
    }

    @Test
    void telemetryIsAcceptedWithDecodedPropertyBag() {
        device.publish(
                "devices/dev1/messages/events/$.mid=m1&%24.ct=application%2Fjson&alert=high%20temp",
                "{\"t\":21}", MqttQoS.AT_LEAST_ONCE, 17);
        assertEquals(17, ((MqttPubAckMessage) device.receive()).variableHeader().messageId());
        TelemetryMessage m = hub.telemetry().get(hub.telemetry().size() - 1);
        assertEquals("m1", m.properties().get("$.mid"));
        assertEquals("application/json", m.properties().get("$.ct"));
        assertEquals("high temp", m.properties().get("alert"));
        assertEquals("{\"t\":21}", new String(m.body(), StandardCharsets.UTF_8));
    }

    @Test
    void pingIsAnsweredAndDisconnectClosesAndDetaches() {
        device.send(new MqttMessage(new io.netty.handler.codec.mqtt.MqttFixedHeader(
                MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
        assertEquals(MqttMessageType.PINGRESP, device.receive().fixedHeader().messageType());
        device.send(new MqttMessage(new io.netty.handler.codec.mqtt.MqttFixedHeader(
                MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0)));
        assertFalse(device.isOpen());
        assertFalse(hub.isConnected(TestHubs.DEVICE));
    }
}
