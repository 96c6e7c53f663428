package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.x509.PeerCertificates;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Admits exactly one CONNECT, first and in time; everything before it, or a second CONNECT, closes the connection. */
final class ConnectHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);
    /** Netty's codec keeps the negotiated version here; a refused MQTT 5 client must get a 3.1.1 CONNACK. */
    private static final AttributeKey<MqttVersion> CODEC_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private final Hub hub;
    private final SessionStarter starter;
    private final MqttLimits limits;
    private ScheduledFuture<?> connectTimer;
    private boolean connected;

    ConnectHandler(Hub hub, SessionStore sessions, MqttLimits limits) {
        this.hub = hub;
        this.starter = new SessionStarter(hub, sessions);
        this.limits = limits;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connectTimer = ctx.executor()
                .schedule(
                        () -> {
                            if (!connected && ctx.channel().isOpen()) {
                                LOG.info(
                                        "closing connection from {}: no CONNECT within {} s",
                                        ctx.channel().remoteAddress(),
                                        limits.connectTimeoutSeconds());
                                ctx.close();
                            }
                        },
                        limits.connectTimeoutSeconds(),
                        TimeUnit.SECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        connectTimer.cancel(false);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        boolean isConnect = msg instanceof MqttMessage m && m.fixedHeader().messageType() == MqttMessageType.CONNECT;
        if (connected && !isConnect) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        if (connected) {
            ctx.channel().attr(DeviceConnection.KEY).get().close("second CONNECT on one connection");
        } else if (!isConnect) {
            Object what = msg instanceof MqttMessage m
                    ? m.fixedHeader().messageType()
                    : msg.getClass().getSimpleName();
            LOG.info(
                    "closing connection from {}: {} before CONNECT",
                    ctx.channel().remoteAddress(),
                    what);
            ctx.close();
        } else {
            connectTimer.cancel(false);
            connect(ctx, (MqttConnectMessage) msg);
        }
    }

    private void connect(ChannelHandlerContext ctx, MqttConnectMessage msg) {
        ConnectCheck.Verdict verdict = ConnectCheck.check(hub, msg, () -> peerChain(ctx));
        String clientId = msg.payload().clientIdentifier();
        if (!verdict.accepted()) {
            refuse(ctx, clientId, verdict.code(), verdict.reason());
            return;
        }
        SessionStarter.Started started = starter.start(ctx, verdict.deviceId(), msg, limits);
        if (started == null) {
            refuse(
                    ctx,
                    clientId,
                    MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                    "device was deleted while connecting");
            return;
        }
        connected = true;
        ctx.writeAndFlush(MqttMessages.connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED, started.sessionPresent()));
        started.connection().cloudToDeviceAvailable();
        LOG.info(
                "{} connected from {} (cleanSession={}, keepAlive={}s, sessionPresent={})",
                verdict.deviceId(),
                ctx.channel().remoteAddress(),
                msg.variableHeader().isCleanSession(),
                msg.variableHeader().keepAliveTimeSeconds(),
                started.sessionPresent());
    }

    /** The client certificates of this connection's TLS session (MQTT/TLS or the WebSocket's HTTPS). */
    private static List<X509Certificate> peerChain(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        return tls == null ? List.of() : PeerCertificates.of(tls.engine().getSession());
    }

    private static void refuse(ChannelHandlerContext ctx, String clientId, MqttConnectReturnCode code, String reason) {
        LOG.info(
                "refused client '{}' from {}: {} (CONNACK {})",
                LogText.safe(clientId),
                ctx.channel().remoteAddress(),
                reason,
                code.byteValue());
        ctx.channel().attr(CODEC_VERSION).set(MqttVersion.MQTT_3_1_1);
        ctx.writeAndFlush(MqttMessages.connAck(code, false)).addListener(ChannelFutureListener.CLOSE);
    }
}
