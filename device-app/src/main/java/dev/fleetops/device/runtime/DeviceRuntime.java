package dev.fleetops.device.runtime;

import dev.fleetops.contract.OperationIds;
import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.action.Sleeper;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.agent.AgentConfig;
import dev.fleetops.device.agent.Backoff;
import dev.fleetops.device.agent.DeviceAgent;
import dev.fleetops.device.agent.Startup;
import dev.fleetops.device.config.ConfigException;
import dev.fleetops.device.config.ConnectionString;
import dev.fleetops.device.state.LiveState;
import dev.fleetops.device.state.StateStore;
import dev.fleetops.device.transport.SdkHubSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * One running FleetOps device: state store, SDK session and agent, wired as {@code java -jar device-app.jar}
 * does. Tests and the fleet simulator start devices in-process through this class.
 */
public final class DeviceRuntime implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeviceRuntime.class);
    private final String deviceId;
    private final DeviceAgent agent;

    /**
     * @param tls           trust for the hub and package downloads, or null for the JDK defaults
     * @param rebootDelay   how long a simulated reboot keeps the device offline
     * @param hubTls        the hub session's context when it differs from {@code tls}: an X.509 device's, which
     *                      presents its certificate (kept from package downloads: no other server needs it); or null
     */
    public record Settings(
            String connectionString,
            Path stateDir,
            SSLContext tls,
            Duration rebootDelay,
            String initialFirmwareVersion,
            SSLContext hubTls) {
        /** A SAS device: one context for the hub and downloads. */
        public Settings(
                String connectionString,
                Path stateDir,
                SSLContext tls,
                Duration rebootDelay,
                String initialFirmwareVersion) {
            this(connectionString, stateDir, tls, rebootDelay, initialFirmwareVersion, null);
        }

        public Settings {
            Objects.requireNonNull(connectionString, "'connectionString' cannot be null.");
            Objects.requireNonNull(stateDir, "'stateDir' cannot be null.");
            Objects.requireNonNull(rebootDelay, "'rebootDelay' cannot be null.");
            Objects.requireNonNull(initialFirmwareVersion, "'initialFirmwareVersion' cannot be null.");
        }
    }

    /**
     * What the fleet simulator varies per device.
     *
     * @param downloader a shared downloader (one HTTP client for many devices), or null for one of its own
     * @param updates    health check, self-test, step hook and method gate
     * @param timeZone   the device's own zone: its clock's, which device-local install windows are read in
     */
    public record Extras(Downloader downloader, UpdateSettings updates, java.time.ZoneId timeZone) {
        public static final Extras NONE = new Extras(null, UpdateSettings.defaults());

        /** In the system's zone. */
        public Extras(Downloader downloader, UpdateSettings updates) {
            this(downloader, updates, java.time.ZoneId.systemDefault());
        }

        public Extras withTimeZone(java.time.ZoneId zone) {
            return new Extras(downloader, updates, zone);
        }
    }

    private DeviceRuntime(String deviceId, DeviceAgent agent) {
        this.deviceId = deviceId;
        this.agent = agent;
    }

    /**
     * Loads state, boots the agent and starts connecting (in the background if the hub is unreachable).
     *
     * @throws ConfigException if the connection string is malformed
     * @throws UncheckedIOException if the state directory cannot be used
     */
    public static DeviceRuntime start(Settings s, Consumer<String> warn) throws ConfigException {
        return start(s, warn, Extras.NONE);
    }

    /** As {@link #start(Settings, Consumer)}, with the simulator's per-device variations. */
    public static DeviceRuntime start(Settings s, Consumer<String> warn, Extras x) throws ConfigException {
        ConnectionString cs = ConnectionString.parse(s.connectionString());
        if (cs.x509() && s.hubTls() == null) {
            throw new ConfigException("the connection string says x509=true: the device needs its certificate and"
                    + " key (--cert-file and --key-file)");
        }
        if (!x.updates().manifests().required()) {
            LOG.warn(
                    "device {} installs UNSIGNED firmware (--allow-unsigned): anyone who can call its methods or"
                            + " write its desired twin chooses its firmware; start it with --signing-key in production",
                    cs.deviceId());
        }
        try {
            Files.createDirectories(s.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + s.stateDir(), e);
        }
        StateStore store = new StateStore(s.stateDir(), Clock.systemUTC());
        SdkHubSession session = new SdkHubSession(cs.raw(), s.hubTls() != null ? s.hubTls() : s.tls());
        LiveState live = Startup.load(store, s.initialFirmwareVersion(), warn);
        Downloader downloader =
                x.downloader() != null ? x.downloader() : new Downloader(Downloader.httpClient(s.tls()));
        AgentConfig config = new AgentConfig(
                Clock.system(x.timeZone()),
                Sleeper.REAL,
                downloader,
                s.rebootDelay(),
                s.initialFirmwareVersion(),
                OperationIds::newId,
                Backoff.standard(),
                x.updates());
        dev.fleetops.device.logupload.LogUploads logs = new dev.fleetops.device.logupload.LogUploads(
                session,
                Clock.systemUTC(),
                OperationIds::newId,
                cs.deviceId(),
                new dev.fleetops.device.logupload.LogUploads.Source(
                        () -> {
                            dev.fleetops.device.log.LogFile f = dev.fleetops.device.log.LogFile.installed();
                            return f == null ? java.util.List.of() : f.files();
                        },
                        () -> {
                            dev.fleetops.device.log.LogFile f = dev.fleetops.device.log.LogFile.installed();
                            if (f != null) {
                                f.flush();
                            }
                        },
                        secretsOf(cs.raw())),
                Downloader.httpClient(s.tls()));
        return new DeviceRuntime(cs.deviceId(), DeviceAgent.start(session, live, config, cs.deviceId(), logs));
    }

    /** The connection string and its key: what the log upload must never send. */
    static java.util.List<String> secretsOf(String connectionString) {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(connectionString);
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("SharedAccessKey")) {
                out.add(part.substring(eq + 1).trim());
            }
        }
        return out;
    }

    public String deviceId() {
        return deviceId;
    }

    public DeviceAgent agent() {
        return agent;
    }

    /** Stops the device as SIGTERM does: the session is closed cleanly, state is already on disk. */
    @Override
    public void close() {
        agent.close();
    }
}
