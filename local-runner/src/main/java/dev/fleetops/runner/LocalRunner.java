package dev.fleetops.runner;

import com.sun.net.httpserver.HttpServer;
import dev.fleetops.runner.easyauth.EasyAuthGate;
import dev.fleetops.runner.http.FunctionKeys;
import dev.fleetops.runner.http.RunnerHttpHandler;
import dev.fleetops.runner.timer.TimerScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The worker core: serves the app's HTTP functions on 127.0.0.1 and fires its timers, in this process.
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
            String functionKey,
            boolean keyGenerated) {
        this.config = config;
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
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 0);
        } catch (IOException e) {
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
        TimerScheduler timers = new TimerScheduler(app.timers(), Clock.systemUTC(), config.timerListener());
        app.warnings().forEach(w -> Logger.getLogger("Host").warning(w));
        server.start();
        timers.start();
        return new LocalRunner(config, app, server, threads, timers, key, generated);
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
        timers.close();
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
