package dev.fleetops.localhub.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage: PINGREQ, DISCONNECT, keep-alive expiry, errors, back-pressure, and any packet a
 * device must not send (which closes the connection).
 */
final class ControlHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ControlHandler.class);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            DeviceConnection conn = ctx.channel().attr(DeviceConnection.KEY).get();
            MqttMessage m = (MqttMessage) msg;
            switch (m.fixedHeader().messageType()) {
                case PINGREQ -> ctx.writeAndFlush(MqttMessages.pingResp());
                case DISCONNECT -> conn.close("DISCONNECT from the device");
                // Acknowledges a QoS 1 cloud-to-device message: it leaves the device's queue.
                case PUBACK ->
                    CloudToDeviceSender.acknowledged(
                            ctx.channel(),
                            ((io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader) m.variableHeader()).messageId());
                default -> conn.close("unexpected " + m.fixedHeader().messageType() + " packet");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            close(ctx, "no packet within 1.5 keep-alive periods");
        } else if (evt instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
            // The SDK reports only IO_ERROR; this line is where an untrusted CA or a plaintext client shows.
            close(ctx, "TLS handshake failed (" + LogText.error(tls.cause()) + ")");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** A device that does not read its responses stops being read from, so its requests cannot pile up. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(ctx, "connection error (" + LogText.error(cause) + ")");
    }

    private static void close(ChannelHandlerContext ctx, String reason) {
        DeviceConnection conn = ctx.channel().attr(DeviceConnection.KEY).get();
        if (conn != null) {
            conn.close(reason);
        } else if (ctx.channel().isOpen()) {
            LOG.info("closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
            ctx.close();
        }
    }
}
