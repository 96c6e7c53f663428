package dev.fleetops.localhub.ws;

import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.mqtt.MqttLimits;
import dev.fleetops.localhub.mqtt.MqttServer;
import dev.fleetops.localhub.mqtt.SessionStore;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT over WebSocket on the HTTPS listener, as IoT Hub serves it: {@code GET /$iothub/websocket} (any query,
 * e.g. {@code ?iothub-no-client-cert=true}) upgraded with subprotocol {@code mqtt}, binary frames carrying the
 * MQTT byte stream. After the handshake the HTTP stages named in {@link #httpStages} leave the pipeline and the
 * same MQTT stages as the TCP listener follow, sharing its session store, so a device keeps its session whichever
 * transport it reconnects over. Other requests pass on to the REST API untouched.
 */
public final class MqttOverWebSocket {
    public static final String PATH = "/$iothub/websocket";
    public static final String SUBPROTOCOL = "mqtt";
    /** Pipeline stage names this class adds. */
    public static final String PROTOCOL = "wsProtocol";

    public static final String UPGRADE = "wsUpgrade";
    public static final String FRAMES = "wsFrames";
    private static final Logger LOG = LoggerFactory.getLogger(MqttOverWebSocket.class);

    private final Hub hub;
    private final SessionStore sessions;
    private final MqttLimits limits;
    private final List<String> httpStages;

    /**
     * @param sessions   the TCP listener's store ({@link MqttServer#sessions()})
     * @param httpStages names of HTTP-only stages to remove once a connection is upgraded (keep-alive, idle timer, REST)
     */
    public MqttOverWebSocket(Hub hub, SessionStore sessions, MqttLimits limits, List<String> httpStages) {
        this.hub = hub;
        this.sessions = sessions;
        this.limits = limits;
        this.httpStages = List.copyOf(httpStages);
    }

    /** Adds the upgrade stages; call after the HTTP codec and aggregator, before the REST handler. */
    public void addHandlers(ChannelPipeline p) {
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .subprotocols(SUBPROTOCOL)
                .checkStartsWith(true)
                .handshakeTimeoutMillis(TimeUnit.SECONDS.toMillis(limits.connectTimeoutSeconds()))
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(limits.maxPacketBytes() + 8)
                        .build())
                .build();
        p.addLast(PROTOCOL, new WebSocketServerProtocolHandler(config));
        p.addLast(UPGRADE, new Upgrade());
    }

    private final class Upgrade extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                ChannelPipeline p = ctx.pipeline();
                for (String name : httpStages) {
                    if (p.get(name) != null) {
                        p.remove(name);
                    }
                }
                p.addLast(FRAMES, new WebSocketFrameCodec());
                MqttServer.addMqttHandlers(p, hub, sessions, limits);
                LOG.debug("MQTT over WebSocket from {} ({})", ctx.channel().remoteAddress(), handshake.requestUri());
                p.remove(this);
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }
}
