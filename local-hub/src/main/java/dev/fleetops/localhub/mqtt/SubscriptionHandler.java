package dev.fleetops.localhub.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import java.util.List;

/** SUBSCRIBE and UNSUBSCRIBE: record filters in the session, grant at most QoS 1 (IoT Hub has no QoS 2). */
final class SubscriptionHandler extends ChannelInboundHandlerAdapter {
    private final MqttLimits limits;

    SubscriptionHandler(MqttLimits limits) {
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DeviceConnection conn = ctx.channel().attr(DeviceConnection.KEY).get();
        if (msg instanceof MqttSubscribeMessage sub) {
            List<MqttTopicSubscription> filters = sub.payload().topicSubscriptions();
            if (filters.isEmpty()) {
                conn.close("SUBSCRIBE without topic filters");
                return;
            }
            MqttQoS[] granted = new MqttQoS[filters.size()];
            for (int i = 0; i < granted.length; i++) {
                granted[i] = subscribe(conn.session(), filters.get(i));
            }
            ctx.writeAndFlush(MqttMessages.subAck(sub.variableHeader().messageId(), granted));
            conn.cloudToDeviceAvailable();
        } else if (msg instanceof MqttUnsubscribeMessage unsub) {
            unsub.payload().topics().forEach(conn.session()::unsubscribe);
            ctx.writeAndFlush(MqttMessages.unsubAck(unsub.variableHeader().messageId()));
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private MqttQoS subscribe(Session session, MqttTopicSubscription s) {
        String filter = s.topicFilter();
        if (!TopicFilter.isValid(filter, limits.maxTopicLength())
                || !session.subscribe(filter, limits.maxSubscriptions())) {
            return MqttQoS.FAILURE;
        }
        return s.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
    }
}
