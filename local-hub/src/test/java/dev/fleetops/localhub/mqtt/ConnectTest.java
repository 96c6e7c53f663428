package dev.fleetops.localhub.mqtt;

import static dev.fleetops.localhub.mqtt.TestHubs.DEVICE;
import static dev.fleetops.localhub.mqtt.TestHubs.username;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.localhub.hub.Hub;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectTest {
    private final String key = TestHubs.newKey();
    private final Hub hub = TestHubs.hubWithDevice(key);
    private final SessionStore sessions = new InMemorySessionStore();
    private final EmbeddedDevice device = new EmbeddedDevice(hub, sessions);

    @Test
    void validSdkTokenWithUnencodedResourceIsAcceptedWithoutSession() {
        MqttConnAckMessage ack = device.connect(key);
        assertEquals(
                MqttConnectReturnCode.CONNECTION_ACCEPTED, ack.variableHeader().connectReturnCode());
        assertFalse(ack.variableHeader().isSessionPresent());
        assertTrue(hub.isConnected(DEVICE));
    }

    @Test
    void serviceStyleTokenWithEncodedResourceIsAccepted() {
        assertEquals(
                MqttConnectReturnCode.CONNECTION_ACCEPTED,
                connectWith(TestHubs.token(DEVICE, key, TestHubs.inOneHour())));
    }

    @Test
    void badSignatureIsRefusedAsNotAuthorizedAndClosed() {
        assertEquals(
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                connectWith(TestHubs.sdkToken(DEVICE, TestHubs.newKey(), TestHubs.inOneHour())));
        assertFalse(device.isOpen());
        assertFalse(hub.isConnected(DEVICE));
    }

    @Test
    void expiredTokenIsRefusedAsNotAuthorized() {
        long past = Instant.now().getEpochSecond() - 10;
        assertEquals(
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                connectWith(TestHubs.sdkToken(DEVICE, key, past)));
    }

    @Test
    void unknownDeviceIsRefusedAsNotAuthorized() {
        MqttConnAckMessage ack = device.connect(
                "ghost", username("ghost"), TestHubs.sdkToken("ghost", key, TestHubs.inOneHour()), false);
        assertEquals(
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                ack.variableHeader().connectReturnCode());
    }

    @Test
    void disabledDeviceIsRefusedAsNotAuthorized() {
        hub.updateDevice(DEVICE, false, "test", null, null, null);
        assertEquals(
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                connectWith(TestHubs.sdkToken(DEVICE, key, TestHubs.inOneHour())));
    }

    @Test
    void clientIdThatDiffersFromUsernameIsRejectedAsIdentifier() {
        MqttConnAckMessage ack =
                device.connect("other", username(DEVICE), TestHubs.sdkToken(DEVICE, key, TestHubs.inOneHour()), false);
        assertEquals(
                MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                ack.variableHeader().connectReturnCode());
        assertFalse(device.isOpen());
    }

    @Test
    void moduleUsernameIsRejectedAsIdentifier() {
        MqttConnAckMessage ack = device.connect(
                DEVICE,
                "127.0.0.1/dev1/mod1/?api-version=2020-09-30",
                TestHubs.sdkToken(DEVICE, key, TestHubs.inOneHour()),
                false);
        assertEquals(
                MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                ack.variableHeader().connectReturnCode());
    }

    @Test
    void mqtt31ClientIsRefusedWithUnacceptableProtocolVersion() {
        device.send(MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1)
                .clientId(DEVICE)
                .username(username(DEVICE))
                .password(TestHubs.sdkToken(DEVICE, key, TestHubs.inOneHour()).getBytes(StandardCharsets.UTF_8))
                .build());
        MqttConnAckMessage ack = (MqttConnAckMessage) device.receive();
        assertEquals(
                MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                ack.variableHeader().connectReturnCode());
        assertFalse(device.isOpen());
    }

    @Test
    void mqtt5ClientGetsA311ConnackWithUnacceptableProtocolVersion() {
        device.send(MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_5)
                .clientId(DEVICE)
                .username(username(DEVICE))
                .password(TestHubs.sdkToken(DEVICE, key, TestHubs.inOneHour()).getBytes(StandardCharsets.UTF_8))
                .build());
        ByteBuf connack = device.server.readOutbound();
        assertEquals("20020001", ByteBufUtil.hexDump(connack));
        connack.release();
        assertFalse(device.isOpen());
    }

    /** IdleStateHandler measures with System.nanoTime, which EmbeddedChannel cannot advance: check its setting. */
    @Test
    void keepAliveWatchdogAllowsOneAndAHalfPeriods() {
        device.send(MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .clientId(DEVICE)
                .username(username(DEVICE))
                .password(TestHubs.sdkToken(DEVICE, key, TestHubs.inOneHour()).getBytes(StandardCharsets.UTF_8))
                .keepAlive(2)
                .build());
        device.receive();
        IdleStateHandler idle = (IdleStateHandler) device.server.pipeline().get(MqttStages.KEEP_ALIVE);
        assertEquals(3000, idle.getReaderIdleTimeInMillis());
        device.server.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertFalse(device.isOpen());
    }

    @Test
    void usernameIsParsedLeniently() {
        assertEquals("dev1", ConnectCheck.deviceIdFromUsername("myhub.local/dev1/?api-version=2020-09-30&x=y/z"));
        assertEquals("dev1", ConnectCheck.deviceIdFromUsername("myhub.local/dev1"));
        assertEquals("d?1", ConnectCheck.deviceIdFromUsername("h/d?1/?api-version=1"));
        assertEquals(null, ConnectCheck.deviceIdFromUsername("dev1"));
        assertEquals(null, ConnectCheck.deviceIdFromUsername("h/d/m/?api-version=1"));
    }

    @Test
    void tokenExpiryDropsTheConnection() {
        long soon = Instant.now().getEpochSecond() + 5;
        assertEquals(MqttConnectReturnCode.CONNECTION_ACCEPTED, connectWith(TestHubs.sdkToken(DEVICE, key, soon)));
        device.server.advanceTimeBy(10, java.util.concurrent.TimeUnit.SECONDS);
        device.server.runScheduledPendingTasks();
        assertFalse(device.isOpen());
        assertFalse(hub.isConnected(DEVICE));
    }

    @Test
    void connectionWithoutConnectIsClosedAfterTheTimeout() {
        device.server.advanceTimeBy(
                MqttLimits.defaults().connectTimeoutSeconds() + 1, java.util.concurrent.TimeUnit.SECONDS);
        device.server.runScheduledPendingTasks();
        assertFalse(device.isOpen());
    }

    private MqttConnectReturnCode connectWith(String password) {
        return device.connect(DEVICE, username(DEVICE), password, false)
                .variableHeader()
                .connectReturnCode();
    }
}
