package dev.fleetops.localhub.rest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.InetSocketAddress;

/**
 * The HTTPS listener of the service API. Requests are handled off the I/O threads, since queries
 * over large fleets take a while; direct-method calls wait asynchronously and hold no thread.
 */
public final class HttpsServer implements AutoCloseable {
    public static final String SSL = "ssl";
    public static final String HTTP_CODEC = "httpCodec";
    public static final String KEEP_ALIVE = "keepAlive";
    public static final String AGGREGATOR = "aggregator";
    public static final String IDLE = "idle";
    public static final String REST = "rest";
    /** Room for a 128 KB method payload inside its JSON envelope, and for twin documents. */
    static final int MAX_REQUEST_BYTES = 512 * 1024;

    private static final int IDLE_SECONDS = 300;

    private final RestApi api;
    private final SslContext ssl;
    private final String bindHost;
    private final int port;
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    private final EventExecutorGroup handlers = new DefaultEventExecutorGroup(4);
    private Channel channel;
    /** MQTT over WebSocket on this listener, when enabled with {@link #mqttOverWebSocket}. */
    private volatile dev.fleetops.localhub.ws.MqttOverWebSocket webSocket;

    public HttpsServer(RestApi api, SslContext ssl, String bindHost, int port) {
        this.api = api;
        this.ssl = ssl;
        this.bindHost = bindHost;
        this.port = port;
    }

    /**
     * Serves MQTT over WebSocket at {@code /$iothub/websocket} (subprotocol {@code mqtt}) next to the REST API,
     * with the given MQTT listener's sessions. Call before {@link #start()}.
     */
    public HttpsServer mqttOverWebSocket(
            dev.fleetops.localhub.hub.Hub hub,
            dev.fleetops.localhub.mqtt.SessionStore sessions,
            dev.fleetops.localhub.mqtt.MqttLimits limits) {
        this.webSocket = new dev.fleetops.localhub.ws.MqttOverWebSocket(
                hub, sessions, limits, java.util.List.of(KEEP_ALIVE, IDLE, REST));
        return this;
    }

    /** Binds and returns the bound port (useful with port 0). */
    public int start() throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(SSL, ssl.newHandler(ch.alloc()));
                        p.addLast(IDLE, new IdleStateHandler(0, 0, IDLE_SECONDS) {
                            @Override
                            protected void channelIdle(
                                    io.netty.channel.ChannelHandlerContext ctx,
                                    io.netty.handler.timeout.IdleStateEvent evt) {
                                ctx.close();
                            }
                        });
                        addHttpHandlers(p);
                    }
                });
        channel = b.bind(new InetSocketAddress(bindHost, port)).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The HTTP stages after TLS; a WebSocket upgrade for MQTT can be added in front of {@link #REST} later. */
    void addHttpHandlers(ChannelPipeline p) {
        p.addLast(HTTP_CODEC, new HttpServerCodec(8192, 16 * 1024, 64 * 1024));
        p.addLast(KEEP_ALIVE, new HttpServerKeepAliveHandler());
        p.addLast(AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BYTES));
        if (webSocket != null) {
            webSocket.addHandlers(p);
        }
        p.addLast(handlers, REST, new RestHandler(api));
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        handlers.shutdownGracefully();
        workers.shutdownGracefully();
        boss.shutdownGracefully();
    }
}
