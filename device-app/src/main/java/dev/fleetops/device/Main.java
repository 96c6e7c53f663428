package dev.fleetops.device;

import dev.fleetops.device.action.HealthWatch;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.config.CliOptions;
import dev.fleetops.device.config.ConfigException;
import dev.fleetops.device.config.ConnectionString;
import dev.fleetops.device.handler.ExecHandler;
import dev.fleetops.device.handler.StepHandler;
import dev.fleetops.device.identity.DeviceCertificate;
import dev.fleetops.device.manifest.FirmwarePolicy;
import dev.fleetops.device.manifest.ManifestCli;
import dev.fleetops.device.manifest.ManifestVerifier;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.transport.TlsContexts;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** Command-line entry point of the FleetOps reference device. */
public final class Main {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs the device until the JVM is asked to stop. Configuration problems print one line on
     * {@code err} and return {@link #USAGE} before anything connects.
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("simulate")) {
            return simulate(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("cert")) {
            return dev.fleetops.device.identity.CertCli.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("manifest")) {
            return ManifestCli.run(java.util.Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        CliOptions options;
        ConnectionString cs;
        try {
            options = CliOptions.parse(args, env);
            if (options.help()) {
                out.print(CliOptions.USAGE);
                return OK;
            }
            if (options.configFile() != null && readableByOthers(options.configFile())) {
                err.println("warning: config file " + options.configFile() + " is readable by every user; it may hold"
                        + " the device key: chmod o-rwx it (install.sh makes it 0640 root:fleetops)");
            }
            cs = ConnectionString.parse(options.connectionString());
            if (cs.x509() != (options.certFile() != null)) {
                throw new ConfigException(
                        cs.x509()
                                ? "the connection string says x509=true: pass --cert-file and --key-file"
                                : "--cert-file is for X.509 devices: their connection string has x509=true, no SharedAccessKey");
            }
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        if (options.allowDowngradeTo() != null) {
            err.println("warning: --allow-downgrade-to " + options.allowDowngradeTo() + ": this device installs"
                    + " version " + options.allowDowngradeTo() + " even below its highest security version;"
                    + " remove the override once it is installed");
        }
        SSLContext tls;
        DeviceRuntime device;
        StopOnSignal stop = StopOnSignal.install("fleetops-shutdown");
        try {
            tls = options.caFile() == null ? null : TlsContexts.trustingDefaultsPlus(options.caFile());
            SSLContext hubTls = null;
            if (options.certFile() != null) {
                DeviceCertificate id = DeviceCertificate.load(options.certFile(), options.keyFile());
                hubTls = TlsContexts.withClientCertificate(options.caFile(), id.key(), id.chain());
            }
            ManifestVerifier manifests = ManifestVerifier.trusting(options.signingKeys());
            try {
                // What uploadLogs sends: the agent's own lines, bounded, next to its state.
                dev.fleetops.device.log.LogFile.install(
                        options.stateDir().resolve("logs"), dev.fleetops.device.log.LogFile.DEFAULT_FILE_BYTES);
            } catch (java.io.IOException e) {
                err.println("warning: no log file in " + options.stateDir().resolve("logs") + " (" + e.getMessage()
                        + "): uploadLogs will send only its header");
            }
            device = DeviceRuntime.start(
                    new DeviceRuntime.Settings(
                            cs.raw(),
                            options.stateDir(),
                            tls,
                            Duration.ofSeconds(options.rebootDelaySeconds()),
                            options.initialFirmwareVersion(),
                            hubTls),
                    w -> err.println("warning: " + w),
                    new DeviceRuntime.Extras(
                            null,
                            UpdateSettings.defaults()
                                    .withWatch(HealthWatch.ofSeconds(
                                            options.healthWatchSeconds(), options.healthCheckIntervalSeconds()))
                                    .withHandler(
                                            options.handler() == null
                                                    ? StepHandler.SIMULATED
                                                    : new ExecHandler(
                                                            options.handler(), options.handlerTimeouts(), env))
                                    .withManifests(manifests)
                                    .withPolicy(new FirmwarePolicy(
                                            options.model(),
                                            java.util.Set.copyOf(options.packageHosts()),
                                            options.allowDowngradeTo())),
                            options.timeZone()));
        } catch (ConfigException e) {
            stop.abandon();
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (IllegalArgumentException e) {
            stop.abandon();
            err.println("error: " + redact(e.getMessage(), options.connectionString()));
            return USAGE;
        } catch (UncheckedIOException e) {
            stop.abandon();
            err.println("error: " + e.getMessage() + ": " + e.getCause().getMessage());
            return USAGE;
        } catch (RuntimeException | Error e) {
            stop.abandon();
            throw e;
        }
        logStarted(device);
        return stop.runUntilStopped(device);
    }

    // One line an operator (journalctl -u fleetops-agent) and the start-up measurement look for.
    private static void logStarted(DeviceRuntime device) {
        long sinceJvmStart = ProcessHandle.current()
                .info()
                .startInstant()
                .map(t -> Duration.between(t, java.time.Instant.now()).toMillis())
                .orElse(-1L);
        Duration connect = device.agent().lastConnectDuration();
        if (device.agent().isConnected() && connect != null) {
            LOG.info(
                    "device {} started: connected to the hub in {} ms, {} ms after the process started",
                    device.deviceId(),
                    connect.toMillis(),
                    sinceJvmStart);
        } else {
            LOG.info("device {} started, not connected yet: retrying in the background", device.deviceId());
        }
    }

    /** {@code simulate …}: runs a fleet in this JVM until the JVM is asked to stop. */
    static int simulate(String[] args, PrintStream out, PrintStream err) {
        dev.fleetops.device.sim.SimulateOptions o;
        dev.fleetops.device.sim.HubConfig hub;
        try {
            o = dev.fleetops.device.sim.SimulateOptions.parse(args);
            if (o.help()) {
                out.print(dev.fleetops.device.sim.SimulateOptions.USAGE);
                return OK;
            }
            hub = dev.fleetops.device.sim.HubConfig.read(o.hubConfig());
        } catch (ConfigException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        }
        StopOnSignal stop = StopOnSignal.install("fleetops-sim-shutdown");
        dev.fleetops.device.sim.FleetSimulator sim;
        try {
            sim = dev.fleetops.device.sim.FleetSimulator.start(o, hub, out::println);
        } catch (ConfigException | UncheckedIOException | IllegalArgumentException e) {
            stop.abandon();
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (RuntimeException | Error e) {
            stop.abandon();
            throw e;
        }
        return stop.runUntilStopped(sim);
    }

    private static boolean readableByOthers(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.getPosixFilePermissions(file)
                    .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false; // it was just read; a file system without POSIX modes has nothing to warn about
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
            String key =
                    connectionString.substring(k + "sharedaccesskey=".length()).split(";", 2)[0];
            if (!key.isEmpty()) {
                m = m.replace(key, "***");
            }
        }
        return m.replace('\n', ' ');
    }
}
