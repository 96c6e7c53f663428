package dev.fleetops.device;

import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.action.Sleeper;
import dev.fleetops.device.agent.AgentConfig;
import dev.fleetops.device.agent.Backoff;
import dev.fleetops.device.agent.DeviceAgent;
import dev.fleetops.device.agent.Startup;
import dev.fleetops.device.config.CliOptions;
import dev.fleetops.device.config.ConfigException;
import dev.fleetops.device.config.ConnectionString;
import dev.fleetops.contract.OperationIds;
import dev.fleetops.device.state.LiveState;
import dev.fleetops.device.state.StateStore;
import dev.fleetops.device.transport.SdkHubSession;
import dev.fleetops.device.transport.TlsContexts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;

/** Command-line entry point of the FleetOps reference device. */
public final class Main {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs the device until the JVM is asked to stop. Configuration problems print one line on
     * {@code err} and return {@link #USAGE} before anything connects.
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CliOptions options;
        ConnectionString cs;
        try {
            options = CliOptions.parse(args, env);
            if (options.help()) {
                out.print(CliOptions.USAGE);
                return OK;
            }
            cs = ConnectionString.parse(options.connectionString());
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        SSLContext tls;
        SdkHubSession session;
        StateStore store;
        try {
            tls = options.caFile() == null ? null : TlsContexts.trustingDefaultsPlus(options.caFile());
            Files.createDirectories(options.stateDir());
            store = new StateStore(options.stateDir(), Clock.systemUTC());
            session = new SdkHubSession(cs.raw(), tls);
        } catch (IOException e) {
            err.println("error: cannot create state directory " + options.stateDir() + ": " + e.getMessage());
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("error: " + redact(e.getMessage(), options.connectionString()));
            return USAGE;
        }
        return runDevice(options, session, store, tls, err);
    }

    private static int runDevice(CliOptions options, SdkHubSession session, StateStore store, SSLContext tls,
                                 PrintStream err) {
        try {
            LiveState live = Startup.load(store, options.initialFirmwareVersion(), w -> err.println("warning: " + w));
            AgentConfig config = new AgentConfig(Clock.systemUTC(), Sleeper.REAL,
                    new Downloader(Downloader.httpClient(tls)), Duration.ofSeconds(options.rebootDelaySeconds()),
                    options.initialFirmwareVersion(), OperationIds::newId, Backoff.standard());
            DeviceAgent agent = DeviceAgent.start(session, live, config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                agent.close();
                stopped.countDown();
            }, "fleetops-shutdown"));
            stopped.await();
            return OK;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage() + ": " + e.getCause().getMessage());
            return FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILURE;
        }
    }

    // The SDK's messages may quote the connection string; the key must never reach a terminal or log.
    static String redact(String message, String connectionString) {
        if (message == null) {
            return "invalid connection string";
        }
        String m = message;
        int k = connectionString.toLowerCase(java.util.Locale.ROOT).indexOf("sharedaccesskey=");
        if (k >= 0) {
            String key = connectionString.substring(k + "sharedaccesskey=".length()).split(";", 2)[0];
            if (!key.isEmpty()) {
                m = m.replace(key, "***");
            }
        }
        return m.replace('\n', ' ');
    }
}
