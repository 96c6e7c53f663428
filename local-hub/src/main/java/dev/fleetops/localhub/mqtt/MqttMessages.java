package dev.fleetops.localhub.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;

/** The packets the hub sends. IoT Hub sends twin and method messages at QoS 0, so no packet ids are needed. */
final class MqttMessages {
    private MqttMessages() {}

    static MqttConnAckMessage connAck(MqttConnectReturnCode code, boolean sessionPresent) {
        return MqttMessageBuilders.connAck()
                .returnCode(code)
                .sessionPresent(sessionPresent)
                .build();
    }

    static MqttPublishMessage publish(String topic, byte[] body) {
        return MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.AT_MOST_ONCE)
                .retained(false)
                .payload(Unpooled.wrappedBuffer(body))
                .build();
    }

    static MqttPubAckMessage pubAck(int packetId) {
        return new MqttPubAckMessage(fixed(MqttMessageType.PUBACK), MqttMessageIdVariableHeader.from(packetId));
    }

    static MqttSubAckMessage subAck(int packetId, MqttQoS[] granted) {
        return MqttMessageBuilders.subAck()
                .packetId(packetId)
                .addGrantedQoses(granted)
                .build();
    }

    static MqttUnsubAckMessage unsubAck(int packetId) {
        return new MqttUnsubAckMessage(fixed(MqttMessageType.UNSUBACK), MqttMessageIdVariableHeader.from(packetId));
    }

    static MqttMessage pingResp() {
        return new MqttMessage(fixed(MqttMessageType.PINGRESP));
    }

    private static MqttFixedHeader fixed(MqttMessageType type) {
        return new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0);
    }
}
