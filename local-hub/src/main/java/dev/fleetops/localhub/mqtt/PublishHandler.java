package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.hub.Hub;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A device's PUBLISH: copy out topic and body, let the router decide, PUBACK QoS 1, then reply. */
final class PublishHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);
    private final DevicePublishRouter router;

    PublishHandler(Hub hub, MqttLimits limits) {
        this.router = new DevicePublishRouter(hub, limits);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttPublishMessage publish)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            DeviceConnection conn = ctx.channel().attr(DeviceConnection.KEY).get();
            MqttQoS qos = publish.fixedHeader().qosLevel();
            if (qos == MqttQoS.EXACTLY_ONCE) {
                conn.close("QoS 2 PUBLISH (IoT Hub supports QoS 0 and 1 only)");
                return;
            }
            String topic = publish.variableHeader().topicName();
            LOG.debug(
                    "{} PUBLISH q{} {} ({} bytes)",
                    conn.deviceId(),
                    qos.value(),
                    LogText.safe(topic),
                    publish.payload().readableBytes());
            PublishOutcome outcome = router.route(conn.deviceId(), topic, ByteBufUtil.getBytes(publish.payload()));
            if (outcome instanceof PublishOutcome.Refused refused) {
                conn.close(refused.reason());
                return;
            }
            // Acknowledge the request before answering it, as a broker would: the SDK looks up its
            // request when the PUBACK arrives and may already have forgotten it once the answer is in.
            if (qos == MqttQoS.AT_LEAST_ONCE) {
                ctx.write(MqttMessages.pubAck(publish.variableHeader().packetId()));
            }
            if (outcome instanceof PublishOutcome.Reply reply) {
                LOG.debug("{} <- {} ({} bytes)", conn.deviceId(), reply.topic(), reply.body().length);
                ctx.write(MqttMessages.publish(reply.topic(), reply.body()));
            }
            ctx.flush();
        } finally {
            publish.release();
        }
    }
}
