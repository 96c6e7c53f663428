package dev.fleetops.localhub.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.localhub.hub.Hub;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;

/** Every one of these closes only the offending connection; nothing escapes the pipeline. */
class HostilePacketTest {
    private final String key = TestHubs.newKey();
    private final Hub hub = TestHubs.hubWithDevice(key);
    private final EmbeddedDevice device =
            new EmbeddedDevice(hub, new InMemorySessionStore(), new MqttLimits(1024, 10, 4096, 128, 512, 4));

    @Test
    void garbageBytesBeforeConnectClose() {
        device.sendBytes(Unpooled.wrappedBuffer(new byte[] {(byte) 0xF0, 0x7F, 1, 2, 3}));
        assertFalse(device.isOpen());
        device.server.checkException();
    }

    @Test
    void garbageBytesAfterConnectCloseAndDetach() {
        device.connect(key);
        device.sendBytes(
                Unpooled.wrappedBuffer(new byte[] {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 9}));
        assertFalse(device.isOpen());
        assertFalse(hub.isConnected(TestHubs.DEVICE));
    }

    @Test
    void oversizePacketCloses() {
        device.connect(key);
        device.publish("devices/dev1/messages/events/", "x".repeat(2000), MqttQoS.AT_LEAST_ONCE, 1);
        assertFalse(device.isOpen());
    }

    @Test
    void packetBeforeConnectCloses() {
        device.subscribe(1, "$iothub/methods/POST/#");
        assertFalse(device.isOpen());
    }

    @Test
    void publishOnAnotherDevicesTopicCloses() {
        device.connect(key);
        device.publish("devices/dev2/messages/events/", "{}", MqttQoS.AT_LEAST_ONCE, 1);
        assertFalse(device.isOpen());
    }

    @Test
    void qos2PublishCloses() {
        device.connect(key);
        device.publish("devices/dev1/messages/events/", "{}", MqttQoS.EXACTLY_ONCE, 1);
        assertFalse(device.isOpen());
    }

    @Test
    void twinRequestWithoutValidRidCloses() {
        device.connect(key);
        device.publish("$iothub/twin/GET/?$rid=a b", "", MqttQoS.AT_LEAST_ONCE, 1);
        assertFalse(device.isOpen());
    }

    @Test
    void methodResponseWithBadStatusOrOversizeBodyCloses() {
        device.connect(key);
        device.publish("$iothub/methods/res/2000/?$rid=1", "{}", MqttQoS.AT_LEAST_ONCE, 1);
        assertFalse(device.isOpen());
        EmbeddedDevice other =
                new EmbeddedDevice(hub, new InMemorySessionStore(), new MqttLimits(1024, 10, 4096, 128, 512, 4));
        other.connect(key);
        other.publish("$iothub/methods/res/200/?$rid=1", "x".repeat(600), MqttQoS.AT_LEAST_ONCE, 1);
        assertFalse(other.isOpen());
    }

    @Test
    void subscriptionsBeyondTheSessionLimitFail() {
        device.connect(key);
        assertTrue(device.subscribe(1, "a", "b", "c", "d", "e")
                .payload()
                .grantedQoSLevels()
                .contains(0x80));
        assertTrue(device.isOpen());
    }
}
