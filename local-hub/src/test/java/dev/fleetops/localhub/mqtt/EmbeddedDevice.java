package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.hub.Hub;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;

/**
 * A device talking to the hub's MQTT stages through {@link EmbeddedChannel}s, no sockets: a client-side
 * codec channel turns packets into bytes and back, the server channel runs the real pipeline.
 */
final class EmbeddedDevice {
    final EmbeddedChannel server = new EmbeddedChannel();
    private final EmbeddedChannel codec = new EmbeddedChannel(new MqttDecoder(), MqttEncoder.INSTANCE);

    EmbeddedDevice(Hub hub, SessionStore sessions, MqttLimits limits) {
        MqttServer.addMqttHandlers(server.pipeline(), hub, sessions, limits);
    }

    EmbeddedDevice(Hub hub, SessionStore sessions) {
        this(hub, sessions, MqttLimits.defaults());
    }

    static MqttConnectMessage connectPacket(String clientId, String username, String password, boolean cleanSession) {
        return MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .clientId(clientId)
                .username(username)
                .password(password == null ? null : password.getBytes(StandardCharsets.UTF_8))
                .cleanSession(cleanSession)
                .keepAlive(230)
                .build();
    }

    MqttConnAckMessage connect(String clientId, String username, String password, boolean cleanSession) {
        send(connectPacket(clientId, username, password, cleanSession));
        return (MqttConnAckMessage) receive();
    }

    MqttConnAckMessage connect(String key) {
        return connect(
                TestHubs.DEVICE,
                TestHubs.username(TestHubs.DEVICE),
                TestHubs.sdkToken(TestHubs.DEVICE, key, TestHubs.inOneHour()),
                false);
    }

    MqttSubAckMessage subscribe(int packetId, String... filters) {
        MqttMessageBuilders.SubscribeBuilder b = MqttMessageBuilders.subscribe().messageId(packetId);
        for (String f : filters) {
            b.addSubscription(MqttQoS.AT_LEAST_ONCE, f);
        }
        send(b.build());
        return (MqttSubAckMessage) receive();
    }

    void publish(String topic, String body, MqttQoS qos, int packetId) {
        send(MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(qos)
                .messageId(packetId)
                .payload(Unpooled.copiedBuffer(body, StandardCharsets.UTF_8))
                .build());
    }

    void send(MqttMessage m) {
        codec.writeOutbound(m);
        for (ByteBuf b = codec.readOutbound(); b != null; b = codec.readOutbound()) {
            sendBytes(b);
        }
    }

    void sendBytes(ByteBuf bytes) {
        if (server.isOpen()) {
            server.writeInbound(bytes);
        } else {
            bytes.release();
        }
    }

    /** The next packet the hub sent, or null. */
    MqttMessage receive() {
        server.runPendingTasks();
        for (Object b = server.readOutbound(); b != null; b = server.readOutbound()) {
            codec.writeInbound(b);
        }
        return codec.readInbound();
    }

    static String body(MqttPublishMessage m) {
        try {
            return m.payload().toString(StandardCharsets.UTF_8);
        } finally {
            m.release();
        }
    }

    boolean isOpen() {
        server.runPendingTasks();
        return server.isOpen();
    }
}
