package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.c2d.CloudToDeviceMessage;
import dev.fleetops.localhub.hub.Hub;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.AttributeKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a device's queued cloud-to-device messages on one connection at QoS 1, once each, while the session
 * subscribes to {@code devices/{id}/messages/devicebound/#}; a PUBACK removes the message from the hub's queue.
 * A new connection starts with nothing sent, so unacknowledged messages go out again after a reconnect.
 * State is touched only on the channel's event loop.
 */
final class CloudToDeviceSender {
    static final AttributeKey<CloudToDeviceSender> KEY = AttributeKey.valueOf(CloudToDeviceSender.class, "c2dSender");
    private static final Logger LOG = LoggerFactory.getLogger(CloudToDeviceSender.class);

    private final Hub hub;
    private final String deviceId;
    private final Session session;
    private final Channel channel;
    /** Packet id → lock token of the message it carries. */
    private final Map<Integer, String> inFlight = new HashMap<>();

    private final Set<String> sent = new HashSet<>();
    private int nextPacketId = 1;

    CloudToDeviceSender(Hub hub, String deviceId, Session session, Channel channel) {
        this.hub = hub;
        this.deviceId = deviceId;
        this.session = session;
        this.channel = channel;
    }

    /** Sends what is waiting and not yet sent on this connection; callable from any thread. */
    void deliver() {
        channel.eventLoop().execute(this::deliverNow);
    }

    /** A PUBACK from the device. */
    static void acknowledged(Channel channel, int packetId) {
        CloudToDeviceSender s = channel.attr(KEY).get();
        if (s != null) {
            s.acknowledgedNow(packetId);
        }
    }

    private void deliverNow() {
        if (!channel.isActive() || !session.isSubscribed("devices/" + deviceId + "/messages/devicebound/%24.mid=x")) {
            return;
        }
        boolean wrote = false;
        for (CloudToDeviceMessage m : hub.pendingCloudToDevice(deviceId)) {
            if (sent.contains(m.lockToken()) || inFlight.size() >= 0xFFFF) {
                continue;
            }
            int packetId = nextPacketId();
            inFlight.put(packetId, m.lockToken());
            sent.add(m.lockToken());
            channel.write(MqttMessageBuilders.publish()
                    .topicName(m.topic(deviceId))
                    .qos(MqttQoS.AT_LEAST_ONCE)
                    .retained(false)
                    .messageId(packetId)
                    .payload(Unpooled.wrappedBuffer(m.body()))
                    .build());
            LOG.debug("{} <- cloud-to-device {} (packet {})", deviceId, m.messageId(), packetId);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void acknowledgedNow(int packetId) {
        String lockToken = inFlight.remove(packetId);
        if (lockToken != null) {
            hub.completeCloudToDevice(deviceId, lockToken);
        }
    }

    private int nextPacketId() {
        while (true) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
            if (!inFlight.containsKey(id)) {
                return id;
            }
        }
    }
}
