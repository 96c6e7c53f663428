package dev.fleetops.bench.wire;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Thousands of {@link WireDevice}s on one Netty event-loop group: the device side of a hub benchmark without the
 * device SDK's threads per client. {@link #connect} starts connecting at most {@link Options#connectParallelism()}
 * devices at a time and returns at once; {@link #awaitConnected} waits for the ramp.
 *
 * <pre>{@code
 * try (WireFleet fleet = WireFleet.connect(FleetCredentials.fromHub(hub), WireFleet.Options.defaults().withMqttPort(hub.mqttPort()))) {
 *     fleet.awaitConnected(Duration.ofSeconds(30));
 *     // direct methods through the hub's service API are answered with 200 at once
 * }
 * }</pre>
 *
 * Thread-safe. Each process can hold as many connections as its open-file limit allows, and an in-process hub
 * needs a second descriptor per connection.
 */
public final class WireFleet implements AutoCloseable {

    /**
     * How the devices connect and behave.
     *
     * @param mqttHost           socket address of the hub's MQTT/TLS listener (the user name and token use each
     *                           device's {@link WireDevice.Credentials#hostName()})
     * @param mqttPort           8883 by default
     * @param caFile             PEM CA to trust, verifying the host name as the SDK does; null trusts any
     *                           certificate (fine for the local hub in a benchmark)
     * @param methodStatus       status every direct method is answered with, unless {@code methodHandler} is set
     * @param methodDelay        how long a device waits before answering, unless {@code methodHandler} is set
     * @param methodHandler      null, or decides each answer (overrides status and delay)
     * @param connectParallelism connection attempts (TCP + TLS + CONNECT + SUBSCRIBE) in flight at once
     * @param ioThreads          event-loop threads shared by all devices
     * @param keepAlive          MQTT keep-alive; a PINGREQ goes out after half of it without writes (0: none)
     * @param twin               also subscribe to {@code $iothub/twin/res/#} and desired-property patches, which
     *                           {@link WireDevice#reportProperties} needs
     * @param reportedOnConnect  null, or a reported-properties JSON patch each device sends once subscribed
     *                           (needs {@code twin})
     * @param sasTokenTtl        lifetime of each connection's SAS token (the hub drops the connection at expiry)
     * @param reconnectDelay     null: a dropped or refused device stays down; else it tries again after this delay
     */
    public record Options(
            String mqttHost,
            int mqttPort,
            Path caFile,
            int methodStatus,
            Duration methodDelay,
            MethodHandler methodHandler,
            int connectParallelism,
            int ioThreads,
            Duration keepAlive,
            boolean twin,
            String reportedOnConnect,
            Duration sasTokenTtl,
            Duration reconnectDelay) {
        public Options {
            Objects.requireNonNull(mqttHost, "'mqttHost' cannot be null.");
            if (mqttPort < 1 || mqttPort > 65_535) {
                throw new IllegalArgumentException("'mqttPort' must be between 1 and 65535.");
            }
            if (caFile != null && !Files.isReadable(caFile)) {
                throw new IllegalArgumentException("'caFile' is not a readable file: " + caFile);
            }
            if (methodStatus < 100 || methodStatus > 999) {
                throw new IllegalArgumentException("'methodStatus' must be a three-digit status.");
            }
            requireNotNegative(methodDelay, "methodDelay");
            if (connectParallelism < 1) {
                throw new IllegalArgumentException("'connectParallelism' must be at least 1.");
            }
            if (ioThreads < 1) {
                throw new IllegalArgumentException("'ioThreads' must be at least 1.");
            }
            requireNotNegative(keepAlive, "keepAlive");
            if (keepAlive.toSeconds() > 65_535) {
                throw new IllegalArgumentException("'keepAlive' must be at most 65535 seconds.");
            }
            if (reportedOnConnect != null && !twin) {
                throw new IllegalArgumentException(
                        "'reportedOnConnect' needs 'twin' (the patch's answer comes on the twin topic).");
            }
            requireNotNegative(sasTokenTtl, "sasTokenTtl");
            if (sasTokenTtl.toSeconds() < 60) {
                throw new IllegalArgumentException("'sasTokenTtl' must be at least 60 seconds.");
            }
            if (reconnectDelay != null) {
                requireNotNegative(reconnectDelay, "reconnectDelay");
            }
        }

        /** 127.0.0.1:8883, trust any certificate, answer 200 at once, 200 connects in flight, 230 s keep-alive as the SDK. */
        public static Options defaults() {
            return new Options(
                    "127.0.0.1",
                    8883,
                    null,
                    200,
                    Duration.ZERO,
                    null,
                    200,
                    Runtime.getRuntime().availableProcessors(),
                    Duration.ofSeconds(230),
                    false,
                    null,
                    Duration.ofHours(1),
                    Duration.ofSeconds(1));
        }

        public Options withMqttHost(String host) {
            return new Options(
                    host,
                    mqttPort,
                    caFile,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        public Options withMqttPort(int port) {
            return new Options(
                    mqttHost,
                    port,
                    caFile,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        /** Trust only this CA (and check the host name); null trusts any certificate. */
        public Options withCaFile(Path file) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    file,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        public Options withMethodStatus(int status) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    status,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        public Options withMethodDelay(Duration delay) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    methodStatus,
                    delay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        public Options withMethodHandler(MethodHandler handler) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    methodStatus,
                    methodDelay,
                    handler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        public Options withConnectParallelism(int parallelism) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    parallelism,
                    ioThreads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        public Options withIoThreads(int threads) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    threads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        public Options withKeepAlive(Duration interval) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    interval,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        public Options withTwin(boolean subscribe) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    subscribe,
                    reportedOnConnect,
                    sasTokenTtl,
                    reconnectDelay);
        }

        /** Each device reports this patch once subscribed; turns twin subscriptions on. */
        public Options withReportedOnConnect(String json) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    twin || json != null,
                    json,
                    sasTokenTtl,
                    reconnectDelay);
        }

        public Options withSasTokenTtl(Duration ttl) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    ttl,
                    reconnectDelay);
        }

        /** null: devices that drop or are refused stay down (a connection ramp wants that). */
        public Options withReconnectDelay(Duration delay) {
            return new Options(
                    mqttHost,
                    mqttPort,
                    caFile,
                    methodStatus,
                    methodDelay,
                    methodHandler,
                    connectParallelism,
                    ioThreads,
                    keepAlive,
                    twin,
                    reportedOnConnect,
                    sasTokenTtl,
                    delay);
        }

        /** The handler in effect: {@code methodHandler}, or "answer {@code methodStatus} with {@code {}} after {@code methodDelay}". */
        MethodHandler answering() {
            if (methodHandler != null) {
                return methodHandler;
            }
            MethodAnswer fixed = new MethodAnswer(methodStatus, "{}", methodDelay);
            return (deviceId, methodName, payload) -> fixed;
        }

        private static void requireNotNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("'" + name + "' cannot be null or negative.");
            }
        }
    }

    private final Options options;
    private final Map<String, WireDevice> devices = new LinkedHashMap<>();
    private final FleetCounters counters = new FleetCounters();
    private final EventLoopGroup group;
    private final SslContext ssl;
    private final Bootstrap bootstrap;
    private final Semaphore inFlight;
    private final CountDownLatch firstAttempts;
    private final Thread ramp;
    private volatile boolean closed;

    private WireFleet(List<WireDevice.Credentials> credentials, Options options) throws SSLException {
        this.options = options;
        MethodHandler answering = options.answering();
        for (WireDevice.Credentials c : credentials) {
            if (devices.put(c.deviceId(), new WireDevice(c, options, answering, counters)) != null) {
                throw new IllegalArgumentException("'devices' lists " + c.deviceId() + " twice.");
            }
        }
        this.ssl = options.caFile() == null
                ? SslContextBuilder.forClient()
                        .trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .build()
                : SslContextBuilder.forClient()
                        .trustManager(options.caFile().toFile())
                        .build();
        this.group = new NioEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("wire-fleet", true));
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
        this.inFlight = new Semaphore(options.connectParallelism());
        this.firstAttempts = new CountDownLatch(devices.size());
        this.ramp = new Thread(this::rampUp, "wire-fleet-ramp");
        this.ramp.setDaemon(true);
    }

    /**
     * Starts connecting {@code devices} and returns at once.
     *
     * @throws IllegalArgumentException if a device is listed twice
     * @throws IllegalStateException    if the TLS context cannot be built (e.g. an unreadable CA file)
     */
    public static WireFleet connect(List<WireDevice.Credentials> devices, Options options) {
        Objects.requireNonNull(devices, "'devices' cannot be null.");
        Objects.requireNonNull(options, "'options' cannot be null.");
        WireFleet fleet;
        try {
            fleet = new WireFleet(devices, options);
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the TLS client context: " + e.getMessage(), e);
        }
        fleet.ramp.start();
        return fleet;
    }

    /** Waits until every device is connected and subscribed. @return false on timeout, or when a device failed and will not retry */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connected() < devices.size()) {
            boolean settled = firstAttempts.getCount() == 0;
            if ((settled && options.reconnectDelay() == null) || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Waits until every device's first connection attempt has an outcome (subscribed or failed). @return false on timeout */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return firstAttempts.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public int size() {
        return devices.size();
    }

    /** Devices connected and subscribed right now. */
    public int connected() {
        return counters.connected.get();
    }

    /** Connection attempts that failed (TCP, TLS, CONNACK refusal, or closed before SUBACK), retries included. */
    public int failures() {
        return counters.connectFailures.get();
    }

    /** The most recent failure, as "deviceId: reason", or null. */
    public String lastFailure() {
        return counters.lastFailure;
    }

    /** Connections lost after they were ready. */
    public long disconnects() {
        return counters.disconnects.get();
    }

    public long methodsReceived() {
        return counters.methodsReceived.get();
    }

    /** Method answers published (the hub acknowledges them at QoS 1). */
    public long methodsAnswered() {
        return counters.methodsAnswered.get();
    }

    /** {@link Options#reportedOnConnect()} patches the hub answered with 204. */
    public long reportedAcknowledged() {
        return counters.reportedAcknowledged.get();
    }

    public long desiredReceived() {
        return counters.desiredReceived.get();
    }

    public Optional<WireDevice> device(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    public List<WireDevice> devices() {
        return Collections.unmodifiableList(new ArrayList<>(devices.values()));
    }

    /** Sends a reported-properties patch from one device; see {@link WireDevice#reportProperties}. */
    public CompletableFuture<Integer> reportProperties(String deviceId, String json) {
        WireDevice d = devices.get(deviceId);
        if (d == null) {
            throw new IllegalArgumentException("'deviceId' is not in this fleet: " + deviceId);
        }
        return d.reportProperties(json);
    }

    /** Closes every connection and the event loops. */
    @Override
    public void close() {
        closed = true;
        ramp.interrupt();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Starts every device's first attempt, at most {@code connectParallelism} at a time. */
    private void rampUp() {
        try {
            for (WireDevice d : devices.values()) {
                inFlight.acquire();
                if (closed) {
                    return;
                }
                AtomicBoolean first = new AtomicBoolean(true);
                attempt(d, failure -> {
                    inFlight.release();
                    if (first.getAndSet(false)) {
                        firstAttempts.countDown();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection attempt; {@code settled} hears its outcome exactly once (null: subscribed). */
    private void attempt(WireDevice device, Consumer<String> settled) {
        AtomicBoolean once = new AtomicBoolean();
        Consumer<String> outcome = failure -> {
            if (once.compareAndSet(false, true)) {
                if (failure != null) {
                    counters.connectFailures.incrementAndGet();
                    counters.lastFailure = device.deviceId() + ": " + failure;
                }
                settled.accept(failure);
            }
        };
        ChannelFuture connecting;
        try {
            connecting = bootstrap
                    .clone()
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            pipeline(ch.pipeline(), device.newConnection(outcome));
                        }
                    })
                    .connect(options.mqttHost(), options.mqttPort());
        } catch (RuntimeException e) { // the group is shutting down
            outcome.accept(e.toString());
            return;
        }
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                outcome.accept("cannot connect: " + f.cause());
            }
        });
        Channel ch = connecting.channel();
        ch.closeFuture().addListener(f -> {
            outcome.accept("connection closed");
            if (!closed && options.reconnectDelay() != null) {
                group.schedule(
                        () -> {
                            if (!closed) {
                                attempt(device, failure -> {});
                            }
                        },
                        options.reconnectDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    private void pipeline(ChannelPipeline p, io.netty.channel.ChannelHandler device) {
        SslHandler tls = ssl.newHandler(p.channel().alloc(), options.mqttHost(), options.mqttPort());
        if (options.caFile() != null) {
            SSLEngine engine = tls.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // as Paho does for the SDK
            engine.setSSLParameters(params);
        }
        p.addLast("tls", tls);
        p.addLast("mqttDecoder", new MqttDecoder(256 * 1024 + 8 * 1024));
        p.addLast("mqttEncoder", MqttEncoder.INSTANCE);
        long keepAliveSeconds = options.keepAlive().toSeconds();
        if (keepAliveSeconds > 0) {
            p.addLast("keepAlive", new IdleStateHandler(0, Math.max(1, keepAliveSeconds / 2), 0, TimeUnit.SECONDS));
        }
        p.addLast("device", device);
    }
}
