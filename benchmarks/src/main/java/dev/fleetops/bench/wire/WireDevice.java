package dev.fleetops.bench.wire;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One device on the wire: MQTT 3.1.1 over TLS as the Java device SDK speaks it (see
 * shared/reference/iothub-device-mqtt-protocol.md), with none of the SDK's threads. It connects with the IoT Hub
 * user name and a SAS token signed with its key, subscribes to direct methods (and, if asked, to twin responses and
 * desired properties), answers every method on {@code $iothub/methods/res/{status}/?$rid=…}, and pings within its
 * keep-alive. All of its state lives on its channel's event loop; {@link WireFleet} owns the loop.
 */
public final class WireDevice {

    /** What a device needs to connect: its id, the hub's host name (for the user name and token) and its key. */
    public record Credentials(String deviceId, String hostName, String sharedAccessKey) {
        public Credentials {
            requireText(deviceId, "deviceId");
            requireText(hostName, "hostName");
            requireText(sharedAccessKey, "sharedAccessKey");
        }

        /** Parses {@code HostName=…;DeviceId=…;SharedAccessKey=…} (keys in any order and case, others ignored). */
        public static Credentials fromConnectionString(String connectionString) {
            Objects.requireNonNull(connectionString, "'connectionString' cannot be null.");
            Map<String, String> fields = new HashMap<>();
            for (String part : connectionString.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    fields.put(
                            part.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT),
                            part.substring(eq + 1).trim());
                }
            }
            for (String key : new String[] {"hostname", "deviceid", "sharedaccesskey"}) {
                if (!fields.containsKey(key)) {
                    throw new IllegalArgumentException("'connectionString' has no " + key
                            + " field (HostName, DeviceId and SharedAccessKey are needed).");
                }
            }
            return new Credentials(fields.get("deviceid"), fields.get("hostname"), fields.get("sharedaccesskey"));
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("'" + name + "' cannot be null or blank.");
            }
        }
    }

    private static final String METHOD_PREFIX = "$iothub/methods/POST/";
    private static final String TWIN_RESPONSE_PREFIX = "$iothub/twin/res/";

    private final Credentials credentials;
    private final WireFleet.Options options;
    private final MethodHandler methods;
    private final FleetCounters counters;
    /** The current connection attempt; replaced on every reconnect. */
    private volatile Connection current;

    WireDevice(Credentials credentials, WireFleet.Options options, MethodHandler methods, FleetCounters counters) {
        this.credentials = credentials;
        this.options = options;
        this.methods = methods;
        this.counters = counters;
    }

    public String deviceId() {
        return credentials.deviceId();
    }

    /** Whether CONNECT was accepted and the subscriptions acknowledged on the current connection. */
    public boolean isReady() {
        Connection c = current;
        return c != null && c.ready;
    }

    public Credentials credentials() {
        return credentials;
    }

    /**
     * Sends a reported-properties patch ({@code $iothub/twin/PATCH/properties/reported/?$rid=…} at QoS 1).
     *
     * @return completes with the hub's status (204 when stored), or exceptionally if the device is not connected
     *         or the connection drops first
     * @throws IllegalStateException if the fleet was started without {@link WireFleet.Options#twin()}
     */
    public CompletableFuture<Integer> reportProperties(String json) {
        if (!options.twin()) {
            throw new IllegalStateException(
                    "the fleet was started without twin subscriptions; use Options.withTwin(true)");
        }
        Connection c = current;
        if (c == null || !c.ready) {
            return CompletableFuture.failedFuture(new IllegalStateException(deviceId() + " is not connected"));
        }
        return c.reportProperties(json);
    }

    /**
     * A handler for a new connection attempt; {@code settled} hears its first outcome once: null when the device
     * is subscribed, else why it failed.
     */
    ChannelInboundHandlerAdapter newConnection(java.util.function.Consumer<String> settled) {
        Connection c = new Connection(settled);
        current = c;
        return c;
    }

    /** One TCP/TLS/MQTT connection of this device; all of its methods run on the channel's event loop. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final java.util.function.Consumer<String> settled;
        private final Map<String, CompletableFuture<Integer>> pendingTwinRequests = new HashMap<>();
        private volatile Channel channel;
        private volatile boolean ready;
        private boolean settledOnce;
        private int nextPacketId;
        private long nextRequestId;

        Connection(java.util.function.Consumer<String> settled) {
            this.settled = settled;
        }

        CompletableFuture<Integer> reportProperties(String json) {
            CompletableFuture<Integer> done = new CompletableFuture<>();
            Channel ch = channel;
            ch.eventLoop().execute(() -> {
                if (!ch.isActive()) {
                    done.completeExceptionally(new IllegalStateException(deviceId() + " lost its connection"));
                    return;
                }
                String rid = Long.toString(++nextRequestId);
                pendingTwinRequests.put(rid, done);
                publish(
                        ch,
                        "$iothub/twin/PATCH/properties/reported/?$rid=" + rid,
                        json.getBytes(StandardCharsets.UTF_8),
                        MqttQoS.AT_LEAST_ONCE);
            });
            return done;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent handshake) {
                if (handshake.isSuccess()) {
                    sendConnect(ctx);
                } else {
                    fail(ctx, "TLS handshake failed: " + handshake.cause());
                }
            } else if (evt instanceof IdleStateEvent) {
                ctx.writeAndFlush(MqttMessage.PINGREQ);
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!(msg instanceof MqttMessage m) || m.decoderResult().isFailure()) {
                    fail(ctx, "undecodable packet from the hub");
                    return;
                }
                MqttMessageType type = m.fixedHeader().messageType();
                if (type == MqttMessageType.CONNACK) {
                    onConnAck(ctx, (MqttConnAckMessage) m);
                } else if (type == MqttMessageType.SUBACK) {
                    onSubscribed();
                } else if (type == MqttMessageType.PUBLISH) {
                    onPublish(ctx, (MqttPublishMessage) m);
                }
                // PUBACK (for our QoS 1 publishes) and PINGRESP need nothing.
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ready) {
                ready = false;
                counters.connected.decrementAndGet();
                counters.disconnects.incrementAndGet();
            } else {
                settle("connection closed before the subscriptions were acknowledged");
            }
            IllegalStateException dropped = new IllegalStateException(deviceId() + " lost its connection");
            pendingTwinRequests.values().forEach(f -> f.completeExceptionally(dropped));
            pendingTwinRequests.clear();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause.toString());
        }

        private void sendConnect(ChannelHandlerContext ctx) {
            long expiry = Instant.now().plus(options.sasTokenTtl()).getEpochSecond();
            ctx.writeAndFlush(MqttMessageBuilders.connect()
                    .protocolVersion(MqttVersion.MQTT_3_1_1)
                    .clientId(deviceId())
                    .cleanSession(false) // as the SDK: the hub keeps the subscriptions across reconnects
                    .keepAlive((int) options.keepAlive().toSeconds())
                    .hasUser(true)
                    .username(DeviceSas.username(credentials))
                    .hasPassword(true)
                    .password(DeviceSas.token(credentials, expiry).getBytes(StandardCharsets.UTF_8))
                    .build());
        }

        private void onConnAck(ChannelHandlerContext ctx, MqttConnAckMessage ack) {
            MqttConnectReturnCode code = ack.variableHeader().connectReturnCode();
            if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                fail(ctx, "CONNACK " + code);
                return;
            }
            var subscribe = MqttMessageBuilders.subscribe()
                    .messageId(packetId())
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "$iothub/methods/POST/#");
            if (options.twin()) {
                subscribe
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, "$iothub/twin/res/#")
                        .addSubscription(MqttQoS.AT_LEAST_ONCE, "$iothub/twin/PATCH/properties/desired/#");
            }
            ctx.writeAndFlush(subscribe.build());
        }

        private void onSubscribed() {
            if (ready) {
                return;
            }
            ready = true;
            counters.connected.incrementAndGet();
            settle(null);
            if (options.reportedOnConnect() != null) {
                reportProperties(options.reportedOnConnect()).whenComplete((status, error) -> {
                    if (status != null && status == 204) {
                        counters.reportedAcknowledged.incrementAndGet();
                    }
                });
            }
        }

        private void onPublish(ChannelHandlerContext ctx, MqttPublishMessage p) {
            String topic = p.variableHeader().topicName();
            if (p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                ctx.writeAndFlush(MqttMessageBuilders.pubAck()
                        .packetId(p.variableHeader().packetId())
                        .build());
            }
            if (topic.startsWith(METHOD_PREFIX)) {
                byte[] payload = new byte[p.payload().readableBytes()];
                p.payload().readBytes(payload);
                onMethod(ctx, topic, payload);
            } else if (topic.startsWith(TWIN_RESPONSE_PREFIX)) {
                onTwinResponse(topic);
            } else if (topic.startsWith("$iothub/twin/PATCH/properties/desired/")) {
                counters.desiredReceived.incrementAndGet();
            }
        }

        /** {@code $iothub/methods/POST/{name}/?$rid={rid}} → answer on {@code $iothub/methods/res/{status}/?$rid={rid}}. */
        private void onMethod(ChannelHandlerContext ctx, String topic, byte[] payload) {
            int slash = topic.indexOf('/', METHOD_PREFIX.length());
            String rid = query(topic, "$rid");
            if (slash < 0 || rid == null) {
                return; // not a request the SDK would accept either
            }
            counters.methodsReceived.incrementAndGet();
            MethodAnswer answer = methods.answer(deviceId(), topic.substring(METHOD_PREFIX.length(), slash), payload);
            if (answer == null) {
                return; // a device that never answers: the hub times the call out
            }
            Runnable send = () -> {
                if (ctx.channel().isActive()) {
                    // Counted before it leaves: once the hub has the answer, its caller may read the counter.
                    counters.methodsAnswered.incrementAndGet();
                    publish(
                            ctx.channel(),
                            "$iothub/methods/res/" + answer.status() + "/?$rid=" + rid,
                            answer.payload().getBytes(StandardCharsets.UTF_8),
                            MqttQoS.AT_LEAST_ONCE);
                }
            };
            if (answer.delay().isZero()) {
                send.run();
            } else {
                ctx.executor().schedule(send, answer.delay().toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        /** {@code $iothub/twin/res/{status}/?$rid={rid}[&$version=…]}. */
        private void onTwinResponse(String topic) {
            int slash = topic.indexOf('/', TWIN_RESPONSE_PREFIX.length());
            String rid = query(topic, "$rid");
            CompletableFuture<Integer> pending = rid == null ? null : pendingTwinRequests.remove(rid);
            if (pending != null && slash > 0) {
                try {
                    pending.complete(Integer.parseInt(topic.substring(TWIN_RESPONSE_PREFIX.length(), slash)));
                } catch (NumberFormatException e) {
                    pending.completeExceptionally(new IllegalStateException("bad twin response topic " + topic));
                }
            }
        }

        private void publish(Channel ch, String topic, byte[] body, MqttQoS qos) {
            ch.writeAndFlush(MqttMessageBuilders.publish()
                    .topicName(topic)
                    .qos(qos)
                    .messageId(qos == MqttQoS.AT_MOST_ONCE ? 0 : packetId())
                    .payload(Unpooled.wrappedBuffer(body))
                    .build());
        }

        private void fail(ChannelHandlerContext ctx, String reason) {
            settle(reason);
            ctx.close();
        }

        /** Reports the first outcome of this connection attempt to the fleet (which counts failures and ramps on). */
        private void settle(String failure) {
            if (!settledOnce) {
                settledOnce = true;
                settled.accept(failure);
            }
        }

        private int packetId() {
            nextPacketId = nextPacketId % 65_535 + 1;
            return nextPacketId;
        }
    }

    private static String query(String topic, String name) {
        int q = topic.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String pair : topic.substring(q + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
