package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.auth.SasToken;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.DeviceLink;
import dev.fleetops.localhub.hub.Hub;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an accepted CONNECT into a live device connection: session, hub attachment (taking over an
 * older connection), keep-alive watchdog, SAS-expiry drop and the clean-up when the channel closes.
 */
final class SessionStarter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionStarter.class);

    record Started(DeviceConnection connection, boolean sessionPresent) {}

    private final Hub hub;
    private final SessionStore sessions;

    SessionStarter(Hub hub, SessionStore sessions) {
        this.hub = hub;
        this.sessions = sessions;
    }

    /** @return the started connection, or null if the device vanished from the registry meanwhile */
    Started start(ChannelHandlerContext ctx, String deviceId, MqttConnectMessage connect, MqttLimits limits) {
        Channel channel = ctx.channel();
        SessionStore.Opened opened =
                sessions.open(deviceId, connect.variableHeader().isCleanSession());
        DeviceConnection conn = new DeviceConnection(channel, deviceId, opened.session());
        DeviceLink previous;
        try {
            previous = hub.attach(deviceId, conn);
        } catch (HubException e) {
            return null;
        }
        channel.attr(DeviceConnection.KEY).set(conn);
        channel.attr(CloudToDeviceSender.KEY).set(new CloudToDeviceSender(hub, deviceId, opened.session(), channel));
        if (previous != null) {
            previous.close("taken over by a new connection");
        }
        int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
        if (keepAlive > 0) {
            // MQTT 3.1.1 §3.1.2.10: the server disconnects after one and a half keep-alive periods of silence.
            ctx.pipeline()
                    .addAfter(
                            MqttStages.DECODER,
                            MqttStages.KEEP_ALIVE,
                            new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
        // An X.509 device has no token to expire (no password); IoT Hub checks its certificate at connect only.
        byte[] password =
                connect.variableHeader().hasPassword() ? connect.payload().passwordInBytes() : null;
        ScheduledFuture<?> expiry = password == null ? null : scheduleExpiry(ctx, conn, password);
        channel.closeFuture().addListener(f -> {
            if (expiry != null) {
                expiry.cancel(false);
            }
            hub.detach(deviceId, conn);
            LOG.info("{} disconnected: {}", deviceId, conn.closeReason());
        });
        return new Started(conn, opened.present());
    }

    /** IoT Hub drops an MQTT connection when its SAS token expires; the SDK then reconnects with a fresh token. */
    private ScheduledFuture<?> scheduleExpiry(ChannelHandlerContext ctx, DeviceConnection conn, byte[] password) {
        long expiry = SasToken.parse(new String(password, StandardCharsets.UTF_8))
                .map(SasToken::expiry)
                .orElse(0L);
        long delayMillis = Math.max(
                0, Math.min(expiry, Long.MAX_VALUE / 1000) * 1000 - hub.clock().millis());
        return ctx.executor().schedule(() -> conn.close("SAS token expired"), delayMillis, TimeUnit.MILLISECONDS);
    }
}
