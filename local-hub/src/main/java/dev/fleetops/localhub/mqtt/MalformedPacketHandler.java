package dev.fleetops.localhub.mqtt;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connection on a packet the decoder rejected (garbage, oversized, bad flags), so later
 * stages only see well-formed packets. The decoder discards everything after a bad packet.
 */
@ChannelHandler.Sharable
final class MalformedPacketHandler extends ChannelInboundHandlerAdapter {
    static final MalformedPacketHandler INSTANCE = new MalformedPacketHandler();
    private static final Logger LOG = LoggerFactory.getLogger(MalformedPacketHandler.class);

    private MalformedPacketHandler() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage m) || m.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        Throwable cause = m.decoderResult().cause();
        String reason = "malformed packet (" + LogText.error(cause) + ")";
        DeviceConnection conn = ctx.channel().attr(DeviceConnection.KEY).get();
        if (conn != null) {
            conn.close(reason);
            return;
        }
        LOG.info("closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
        // MQTT 3.1.1 §3.2.2.3: a CONNECT the server cannot accept still gets a CONNACK with the reason.
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            ctx.writeAndFlush(MqttMessages.connAck(
                            MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, false))
                    .addListener(ChannelFutureListener.CLOSE);
        } else if (cause instanceof MqttIdentifierRejectedException) {
            ctx.writeAndFlush(MqttMessages.connAck(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, false))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
