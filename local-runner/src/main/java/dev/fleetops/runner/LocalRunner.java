package dev.fleetops.runner;

import com.sun.net.httpserver.HttpServer;
import dev.fleetops.runner.easyauth.EasyAuthGate;
import dev.fleetops.runner.http.FunctionKeys;
import dev.fleetops.runner.http.RunnerHttpHandler;
import dev.fleetops.runner.queue.PollPause;
import dev.fleetops.runner.queue.QueueListener;
import dev.fleetops.runner.singleton.HostId;
import dev.fleetops.runner.singleton.ListenerLocks;
import dev.fleetops.runner.storage.StorageAccount;
import dev.fleetops.runner.timer.ScheduleMonitor;
import dev.fleetops.runner.timer.TimerScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The worker core: serves the app's HTTP functions on 127.0.0.1, fires its timers and polls its queues, in this process.
 * It does not touch the process environment; see {@link RunnerConfig} for how settings reach the app.
 *
 * <pre>{@code
 * try (LocalRunner runner = LocalRunner.start(config)) {
 *     HttpClient.newHttpClient().send(HttpRequest.newBuilder(runner.baseUri().resolve("/admin/host/status")).build(), ...);
 * }
 * }</pre>
 */
public final class LocalRunner implements AutoCloseable {
    private final LoadedApp app;
    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final TimerScheduler timers;
    private final ListenerLocks locks;
    private final List<QueueListener> queues;
    private final String functionKey;
    private final boolean keyGenerated;
    private final RunnerConfig config;
    private volatile java.nio.file.Path keyFile;

    private LocalRunner(
            RunnerConfig config,
            LoadedApp app,
            HttpServer server,
            ExecutorService httpThreads,
            TimerScheduler timers,
            ListenerLocks locks,
            List<QueueListener> queues,
            String functionKey,
            boolean keyGenerated) {
        this.config = config;
        this.locks = locks;
        this.queues = queues;
        this.app = app;
        this.server = server;
        this.httpThreads = httpThreads;
        this.timers = timers;
        this.functionKey = functionKey;
        this.keyGenerated = keyGenerated;
    }

    /**
     * Loads the app, then listens and schedules; nothing listens if loading fails.
     *
     * @throws RunnerStartException when the app cannot be loaded or the port cannot be bound
     */
    public static LocalRunner start(RunnerConfig config) {
        LoadedApp app = LoadedApp.load(config);
        String key = config.functionKey() != null
                ? config.functionKey()
                : config.env().get(RunnerConfig.FUNCTION_KEY_SETTING);
        boolean generated = key == null || key.isBlank();
        if (generated) {
            key = FunctionKeys.generate();
        }
        EasyAuthGate easyAuth;
        try {
            easyAuth = config.easyAuth() == null ? null : config.easyAuth().gate(Clock.systemUTC());
        } catch (UncheckedIOException e) {
            throw new RunnerStartException(e.getMessage(), e);
        }
        // Storage clients before anything listens: a connection string the SDK refuses stops the start here.
        ListenerLocks locks;
        TimerScheduler timers;
        List<QueueListener> queues = new ArrayList<>();
        try {
            locks = app.timers().isEmpty() ? null : listenerLocks(config, app);
            timers = new TimerScheduler(
                    app.timers(),
                    Clock.systemUTC(),
                    config.timerListener(),
                    locks == null ? TimerScheduler.ListenerGate.OPEN : locks,
                    locks == null ? null : new ScheduleMonitor(locks.container(), locks.hostId()));
            for (LoadedApp.QueueTrigger q : app.queues()) {
                queues.add(new QueueListener(
                        q.function(),
                        q.account(),
                        app.queuesOptions(),
                        processorCount(config.env()),
                        config.queueListener(),
                        Optional.ofNullable(config.tuning().pollPause()).orElse(PollPause.SLEEP),
                        Optional.ofNullable(config.tuning().messageVisibility())
                                .orElse(QueueListener.MESSAGE_VISIBILITY)));
            }
        } catch (IllegalArgumentException e) {
            queues.forEach(QueueListener::close);
            throw new RunnerStartException("Cannot use the storage connection: " + e.getMessage(), e);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 0);
        } catch (IOException e) {
            queues.forEach(QueueListener::close);
            timers.close();
            if (locks != null) {
                locks.close();
            }
            throw new RunnerStartException(
                    "Cannot listen on 127.0.0.1:" + config.port() + " (" + e.getMessage()
                            + "); is another runner or func host running? Pick another with --port",
                    e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(16, daemonThreads("http"));
        server.setExecutor(threads);
        server.createContext(
                "/",
                new RunnerHttpHandler(
                        app.routes(),
                        app.invokers(),
                        FunctionKeys.single(key),
                        config.cors(),
                        app.platform(),
                        easyAuth));
        app.warnings().forEach(w -> Logger.getLogger("Host").warning(w));
        server.start();
        timers.start();
        queues.forEach(QueueListener::start);
        return new LocalRunner(config, app, server, threads, timers, locks, List.copyOf(queues), key, generated);
    }

    /**
     * The timers' singleton listener locks in {@code AzureWebJobsStorage}, as the host takes them; without that setting
     * (some local runs and tests) every timer runs on every instance, as before, and one line says so.
     */
    private static ListenerLocks listenerLocks(RunnerConfig config, LoadedApp app) {
        Optional<StorageAccount> storage = StorageAccount.find(null, config.env());
        if (storage.isEmpty()) {
            Logger.getLogger("Host.Singleton")
                    .info("AzureWebJobsStorage is not set: timers run without the singleton"
                            + " listener lock, so every runner instance of this app fires them");
            return null;
        }
        String hostId = HostId.of(config.env(), config.appDir());
        Logger.getLogger("Host.Singleton")
                .info("Timers take singleton listener locks in AzureWebJobsStorage"
                        + " (container azure-webjobs-hosts, locks/" + hostId + "/...; host id from "
                        + (config.env().containsKey(HostId.SETTING) ? HostId.SETTING : "machine name and app directory")
                        + ")");
        java.time.Duration recovery = config.tuning().lockRecoveryInterval() != null
                ? config.tuning().lockRecoveryInterval()
                : app.singletonOptions().listenerLockRecoveryPollingInterval();
        return new ListenerLocks(
                storage.get().hostsContainer(), hostId, app.singletonOptions().listenerLockPeriod(), recovery);
    }

    /** The extension's {@code SkuUtility.ProcessorCount}: 1 on the Consumption plan, else the machine's. */
    static int processorCount(java.util.Map<String, String> env) {
        return "Dynamic".equalsIgnoreCase(env.get("WEBSITE_SKU"))
                ? 1
                : Runtime.getRuntime().availableProcessors();
    }

    /** The queue listeners, in function order (tests read their receive counts). */
    public List<QueueListener> queueListeners() {
        return queues;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public String functionKey() {
        return functionKey;
    }

    /** Whether the key was generated for this run (no --function-key, no FLEETOPS_FUNCTION_KEY). */
    public boolean keyGenerated() {
        return keyGenerated;
    }

    /** Keeps a generated key in {@code stateDir} ({@link KeyFile}, 0600) for its user; the banner then names the file. */
    public java.nio.file.Path keepGeneratedKey(java.nio.file.Path stateDir) {
        keyFile = KeyFile.write(stateDir, functionKey);
        return keyFile;
    }

    /** Says in the banner that the key is the one an earlier run kept in {@code file}. */
    public void keptKeyIn(java.nio.file.Path file) {
        keyFile = file;
    }

    /**
     * The start-up lines {@code func start} would print, adapted: functions, where the key is (never the key itself: this
     * output usually ends up in a log file), CORS, skipped functions.
     */
    public List<String> banner() {
        return Banner.lines(baseUri(), app, keyGenerated, keyFile, config.cors(), config.easyAuth());
    }

    @Override
    public void close() {
        // Timers first: they release their singleton locks, so another instance can take over while the queue
        // listeners let their running invocations finish.
        timers.close();
        if (locks != null) {
            locks.close();
        }
        queues.forEach(QueueListener::close);
        server.stop(0);
        httpThreads.shutdownNow();
        try {
            app.loader().close();
        } catch (IOException e) {
            // nothing to do at shutdown
        }
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
