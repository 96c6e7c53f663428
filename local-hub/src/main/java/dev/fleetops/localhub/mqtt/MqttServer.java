package dev.fleetops.localhub.mqtt;

import dev.fleetops.localhub.hub.Hub;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-facing MQTT 3.1.1 over TLS listener (IoT Hub's port 8883, which the Java device SDK
 * hard-codes). Not running until {@link #start()}; {@link #close()} drops every device connection.
 */
public final class MqttServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttServer.class);
    /** Past the high mark a device that does not read stops being read (see {@code ControlHandler}). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final Hub hub;
    private final SslContext ssl;
    private final String bindHost;
    private final int port;
    private final MqttLimits limits;
    private final SessionStore sessions = new InMemorySessionStore();
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final boolean ownsGroups;
    private final ChannelGroup connections = new DefaultChannelGroup("mqtt-connections", GlobalEventExecutor.INSTANCE);
    private Channel listener;

    /** @param port 0 for an ephemeral port */
    public MqttServer(Hub hub, SslContext ssl, String bindHost, int port, MqttLimits limits) {
        this(
                hub,
                ssl,
                bindHost,
                port,
                limits,
                new NioEventLoopGroup(1, new DefaultThreadFactory("mqtt-accept", true)),
                new NioEventLoopGroup(2, new DefaultThreadFactory("mqtt-io", true)),
                true);
    }

    /** Runs on event loops shared with other listeners; {@link #close()} leaves them running. */
    public MqttServer(
            Hub hub,
            SslContext ssl,
            String bindHost,
            int port,
            MqttLimits limits,
            EventLoopGroup boss,
            EventLoopGroup workers) {
        this(hub, ssl, bindHost, port, limits, boss, workers, false);
    }

    private MqttServer(
            Hub hub,
            SslContext ssl,
            String bindHost,
            int port,
            MqttLimits limits,
            EventLoopGroup boss,
            EventLoopGroup workers,
            boolean ownsGroups) {
        this.hub = hub;
        this.ssl = ssl;
        this.bindHost = bindHost;
        this.port = port;
        this.limits = limits;
        this.boss = boss;
        this.workers = workers;
        this.ownsGroups = ownsGroups;
    }

    /**
     * Binds the listener.
     *
     * @return the bound port
     * @throws IllegalStateException if the address cannot be bound (e.g. 8883 already in use)
     */
    public int start() throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(MqttStages.TLS, ssl.newHandler(ch.alloc()));
                        addMqttHandlers(ch.pipeline(), hub, sessions, limits);
                    }
                });
        ChannelFuture bound = b.bind(bindHost, port).await();
        if (!bound.isSuccess()) {
            throw new IllegalStateException(
                    "cannot listen for MQTT on " + bindHost + ":" + port + ": " + bound.cause(), bound.cause());
        }
        listener = bound.channel();
        int actual = ((InetSocketAddress) listener.localAddress()).getPort();
        LOG.info("MQTT over TLS listening on {}:{}", bindHost, actual);
        return actual;
    }

    /**
     * Adds the MQTT stages to a pipeline whose earlier stages deliver the raw MQTT byte stream (after TLS,
     * or after a WebSocket frame decoder). Every listener should pass the same {@code sessions}.
     */
    public static void addMqttHandlers(ChannelPipeline p, Hub hub, SessionStore sessions, MqttLimits limits) {
        p.addLast(MqttStages.DECODER, new MqttDecoder(limits.maxPacketBytes()));
        p.addLast(MqttStages.ENCODER, MqttEncoder.INSTANCE);
        p.addLast(MqttStages.MALFORMED, MalformedPacketHandler.INSTANCE);
        p.addLast(MqttStages.CONNECT, new ConnectHandler(hub, sessions, limits));
        p.addLast(MqttStages.SUBSCRIPTIONS, new SubscriptionHandler(limits));
        p.addLast(MqttStages.PUBLISH, new PublishHandler(hub, limits));
        p.addLast(MqttStages.CONTROL, new ControlHandler());
    }

    /** The session store of this listener, for other listeners (MQTT over WebSocket) to share. */
    public SessionStore sessions() {
        return sessions;
    }

    /** Devices with an accepted CONNECT whose connection is still open. */
    public int connectedDevices() {
        int n = 0;
        for (Channel ch : connections) {
            DeviceConnection conn = ch.attr(DeviceConnection.KEY).get();
            n += conn != null && conn.isOpen() ? 1 : 0;
        }
        return n;
    }

    /** Drops a device's connection as a network failure would; its session survives. @return whether it was connected */
    public boolean disconnect(String deviceId, String reason) {
        boolean found = false;
        for (Channel ch : connections) {
            DeviceConnection conn = ch.attr(DeviceConnection.KEY).get();
            if (conn != null && conn.deviceId().equals(deviceId) && conn.isOpen()) {
                conn.close(reason);
                found = true;
            }
        }
        return found;
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        for (Channel ch : connections) {
            DeviceConnection conn = ch.attr(DeviceConnection.KEY).get();
            if (conn != null) {
                conn.close("hub shutting down");
            }
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (ownsGroups) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
