package dev.fleetops.localhub.mqtt;

import static dev.fleetops.localhub.mqtt.EmbeddedDevice.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.throttle.Sku;
import dev.fleetops.localhub.throttle.Throttles;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;

/** Device twin requests share the hub's throttles: past the limit they are answered on {@code $iothub/twin/res/429/}. */
class ThrottledDeviceTwinTest {
    @Test
    void reportedPatchesPastTheS1LimitGet429WithErrorCode429001() {
        String key = TestHubs.newKey();
        Hub hub = TestHubs.hubWithDevice(key);
        hub.gate(new Throttles(Sku.S1, 1, () -> 0L)); // a frozen clock: only the 10-update burst allowance
        EmbeddedDevice device = new EmbeddedDevice(hub, new InMemorySessionStore());
        device.connect(key);
        device.subscribe(1, "$iothub/twin/res/#");
        int accepted = 0;
        int throttled = 0;
        for (int i = 0; i < 30; i++) {
            device.publish(
                    "$iothub/twin/PATCH/properties/reported/?$rid=" + i, "{\"n\":" + i + "}", MqttQoS.AT_MOST_ONCE, 0);
            MqttPublishMessage res = (MqttPublishMessage) device.receive();
            String topic = res.variableHeader().topicName();
            String text = body(res);
            if (topic.startsWith("$iothub/twin/res/204/?$rid=" + i)) {
                accepted++;
            } else {
                assertEquals("$iothub/twin/res/429/?$rid=" + i, topic);
                assertEquals(
                        429001,
                        JsonParser.parseString(text)
                                .getAsJsonObject()
                                .get("errorCode")
                                .getAsInt());
                throttled++;
            }
        }
        assertEquals(10, accepted, "50/s with a 0.2 s burst allowance");
        assertEquals(20, throttled);
        assertTrue(device.isOpen(), "a throttled device stays connected");
        hub.close();
    }
}
