package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.hub.DeviceLink;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One accepted device connection, as the hub sees it. Hub threads call it; Netty's
 * {@code writeAndFlush} and {@code close} hand the work to the channel's event loop.
 */
final class DeviceConnection implements DeviceLink {
    static final AttributeKey<DeviceConnection> KEY = AttributeKey.valueOf(DeviceConnection.class, "deviceConnection");
    /** Representative topics: a session "subscribes to methods" when one of its filters matches them. */
    private static final String METHOD_TOPIC = "$iothub/methods/POST/m/?$rid=0";

    private static final String DESIRED_TOPIC = "$iothub/twin/PATCH/properties/desired/?$version=1";

    private final Channel channel;
    private final String deviceId;
    private final Session session;
    private final AtomicReference<String> closeReason = new AtomicReference<>();

    DeviceConnection(Channel channel, String deviceId, Session session) {
        this.channel = channel;
        this.deviceId = deviceId;
        this.session = session;
    }

    String deviceId() {
        return deviceId;
    }

    Session session() {
        return session;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public boolean subscribedToMethods() {
        return channel.isActive() && session.isSubscribed(METHOD_TOPIC);
    }

    @Override
    public boolean subscribedToDesired() {
        return channel.isActive() && session.isSubscribed(DESIRED_TOPIC);
    }

    /** @throws IllegalStateException if the connection is gone, so the hub reports the device offline at once */
    @Override
    public void sendMethodRequest(String methodName, String requestId, byte[] payload) {
        if (!channel.isActive()) {
            throw new IllegalStateException("connection closed");
        }
        channel.writeAndFlush(
                MqttMessages.publish("$iothub/methods/POST/" + methodName + "/?$rid=" + requestId, payload));
    }

    @Override
    public void sendDesiredPatch(long version, byte[] body) {
        channel.writeAndFlush(MqttMessages.publish("$iothub/twin/PATCH/properties/desired/?$version=" + version, body));
    }

    /** Sends queued cloud-to-device messages this connection has not sent yet (if subscribed). */
    @Override
    public void cloudToDeviceAvailable() {
        CloudToDeviceSender sender = channel.attr(CloudToDeviceSender.KEY).get();
        if (sender != null) {
            sender.deliver();
        }
    }

    /** Closes the connection; the first reason given is the one logged. */
    @Override
    public void close(String reason) {
        closeReason.compareAndSet(null, reason);
        channel.close();
    }

    /** Why the connection ended; a close nobody asked for is the device (or network) going away. */
    String closeReason() {
        String r = closeReason.get();
        return r == null ? "connection closed by the device or network" : r;
    }
}
