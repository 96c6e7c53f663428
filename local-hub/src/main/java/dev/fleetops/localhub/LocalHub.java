package dev.fleetops.localhub;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.auth.AccessPolicy;
import dev.fleetops.localhub.hub.DeviceIdentity;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.mqtt.MqttLimits;
import dev.fleetops.localhub.mqtt.MqttServer;
import dev.fleetops.localhub.rest.HttpsServer;
import dev.fleetops.localhub.rest.RestApi;
import dev.fleetops.localhub.state.AtomicFiles;
import dev.fleetops.localhub.state.FileRegistryStore;
import dev.fleetops.localhub.state.PolicyFile;
import dev.fleetops.localhub.tls.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An offline IoT Hub: MQTT over TLS for devices, HTTPS REST for back-ends, state in a directory.
 * Start one with {@link #builder()}; it runs until {@link #close()}.
 *
 * <pre>{@code
 * try (LocalHub hub = LocalHub.builder().stateDir(dir).devices(3).start()) {
 *     String cs = hub.deviceConnectionString("device-001");
 * }
 * }</pre>
 */
public final class LocalHub implements AutoCloseable {
    public static final String CONFIG_FILE = "local-hub.json";
    public static final int DEFAULT_MQTT_PORT = 8883;
    public static final int DEFAULT_HTTPS_PORT = 8443;

    private final Options options;
    private final Hub hub;
    private final TlsMaterial tls;
    private final MqttServer mqtt;
    private final HttpsServer https;
    /** The device-facing HTTPS listener (file upload), when {@code deviceHttpsPort} asked for one. */
    private final HttpsServer deviceHttps;

    private final int deviceHttpsPort;
    private final dev.fleetops.localhub.jobs.JobEngine jobs;
    private final int mqttPort;
    private final int httpsPort;
    private final dev.fleetops.localhub.state.TwinWal twinStore;
    private final dev.fleetops.localhub.state.JobWal jobStore;
    private final dev.fleetops.localhub.faults.FaultInjector faults;
    private final dev.fleetops.localhub.throttle.Throttles throttles;

    /** Validated start-up options; see the builder for defaults. */
    public record Options(
            Path stateDir,
            String hostName,
            String bindHost,
            int mqttPort,
            int httpsPort,
            boolean allowNonLoopback,
            int devices,
            String devicePrefix,
            List<String> extraCertNames,
            List<java.security.cert.X509Certificate> verifiedCas) {}

    /**
     * Options of the follow-up issue, kept apart from {@link Options}.
     *
     * @param sku          null: no throttling (the default)
     * @param durableTwins keep twins in the state directory (write-ahead log + snapshot)
     * @param durableJobs  keep jobs in the state directory (write-ahead log + snapshot); unfinished ones resume
     */
    public record FollowUpOptions(
            dev.fleetops.localhub.throttle.Sku sku, int units, boolean durableTwins, boolean durableJobs) {}

    /**
     * Device HTTPS and file upload (issue 18).
     *
     * @param deviceHttpsPort -1: no device listener; the Java device SDK sends its HTTPS calls to port 443
     * @param fileUpload      null: file upload not configured (400022, as IoT Hub without a linked account)
     */
    public record DeviceHttpsOptions(int deviceHttpsPort, dev.fleetops.localhub.files.FileUploadSettings fileUpload) {}

    private LocalHub(Options o, FollowUpOptions f, DeviceHttpsOptions d) throws InterruptedException {
        this.options = o;
        checkBind(o);
        try {
            // Created 0700: it holds device and policy keys (an existing directory is the caller's to choose).
            dev.fleetops.localhub.state.AtomicFiles.ownerOnlyDirectory(o.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.tls = TlsMaterial.loadOrCreate(o.stateDir(), o.extraCertNames());
        List<AccessPolicy> policies = PolicyFile.loadOrCreate(o.stateDir());
        this.hub = new Hub(o.hostName(), policies, Clock.systemUTC(), new FileRegistryStore(o.stateDir()), 10_000);
        this.twinStore = f.durableTwins() ? new dev.fleetops.localhub.state.TwinWal(o.stateDir()) : null;
        if (twinStore != null) {
            hub.useTwinStore(twinStore);
        }
        this.faults = new dev.fleetops.localhub.faults.FaultInjector(hub);
        this.throttles = f.sku() == null ? null : new dev.fleetops.localhub.throttle.Throttles(f.sku(), f.units());
        hub.gate(throttles == null ? faults : dev.fleetops.localhub.hub.HubGate.both(faults, throttles));
        // One registry write for the whole pre-registered fleet (benchmarks ask for 10,000 devices).
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= o.devices(); i++) {
            ids.add(deviceId(o.devicePrefix(), i));
        }
        hub.addDevices(ids);
        Set<String> names = new LinkedHashSet<>(List.of(o.hostName().toLowerCase(), "localhost", "127.0.0.1"));
        var sslContext = tls.serverContext();
        for (java.security.cert.X509Certificate ca : o.verifiedCas()) {
            hub.verifiedCas().add(ca);
        }
        // Only the device listener asks for client certificates: X.509 is MQTT/TLS only (see docs/local-hub.md).
        this.mqtt = new MqttServer(hub, tls.deviceServerContext(), o.bindHost(), o.mqttPort(), MqttLimits.defaults());
        hub.onDeviceRemoved(id -> mqtt.sessions().discard(id));
        // With a SKU, jobs get its concurrent-job limit and run at its job-device-operation rate.
        this.jobStore = f.durableJobs() ? new dev.fleetops.localhub.state.JobWal(o.stateDir()) : null;
        this.jobs = new dev.fleetops.localhub.jobs.JobEngine(
                hub,
                throttles == null
                        ? dev.fleetops.localhub.jobs.JobLimits.s1()
                        : new dev.fleetops.localhub.jobs.JobLimits(
                                switch (throttles.sku()) {
                                    case S2 -> 5;
                                    case S3 -> 10;
                                    default -> 1;
                                },
                                throttles::acquireJobDeviceOperation),
                jobStore == null ? dev.fleetops.localhub.jobs.JobStore.NONE : jobStore);
        // MQTT over WebSocket shares the HTTPS port and the TCP listener's sessions.
        RestApi api = new RestApi(hub, names, jobs).faults(faults);
        this.https = new HttpsServer(api, sslContext, o.bindHost(), o.httpsPort())
                .mqttOverWebSocket(hub, mqtt.sessions(), MqttLimits.defaults());
        if (d.fileUpload() != null) {
            hub.fileUploads()
                    .configure(d.fileUpload(), dev.fleetops.localhub.files.StorageTrust.jdkOr(tls.caCertificate()));
        }
        // What devices reach over HTTPS (file upload) is served where the SDK goes, port 443 on the hub's host, with
        // the device listener's TLS (client certificates asked for, for X.509 devices); the same API as on the
        // service port, as IoT Hub serves both on one host.
        this.deviceHttps = d.deviceHttpsPort() < 0
                ? null
                : new HttpsServer(api, tls.deviceServerContext(), o.bindHost(), d.deviceHttpsPort());
        boolean started = false;
        try {
            this.mqttPort = mqtt.start();
            this.httpsPort = https.start();
            this.deviceHttpsPort = deviceHttps == null ? -1 : deviceHttps.start();
            started = true;
        } finally {
            if (!started) {
                closeQuietly();
            }
        }
        writeConfig();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static String deviceId(String prefix, int n) {
        return String.format("%s%03d", prefix, n);
    }

    public Hub hub() {
        return hub;
    }

    /** Scheduled jobs (S1 limits: one active job, 10 device operations per second). */
    public dev.fleetops.localhub.jobs.JobEngine jobs() {
        return jobs;
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** Fault injection for tests and benchmarks (also at {@code /admin/faults}); see docs/local-hub.md. */
    public dev.fleetops.localhub.faults.FaultInjector faults() {
        return faults;
    }

    /** The SKU throttles, or null when throttling is off (the default). */
    public dev.fleetops.localhub.throttle.Throttles throttles() {
        return throttles;
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** The device HTTPS listener's port, or -1 when there is none. */
    public int deviceHttpsPort() {
        return deviceHttpsPort;
    }

    public Path caFile() {
        return tls.caFile();
    }

    public TlsMaterial tls() {
        return tls;
    }

    public Path configFile() {
        return options.stateDir().resolve(CONFIG_FILE);
    }

    /** Drops a device's MQTT connection as a network failure would; false if it was not connected. */
    public boolean disconnectDevice(String deviceId) {
        return mqtt.disconnect(deviceId, "dropped by the local hub");
    }

    /** {@code host:port} of the service API, for the service SDK's credential constructors. */
    public String serviceEndpoint() {
        return options.hostName() + ":" + httpsPort;
    }

    /** A service connection string for {@code policy} (its HostName has no port: the SDK rejects one). */
    public String serviceConnectionString(String policy) {
        AccessPolicy p = hub.policies().stream()
                .filter(x -> x.name().equals(policy))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'policy' is unknown: " + policy));
        return "HostName=" + options.hostName() + ";SharedAccessKeyName=" + p.name() + ";SharedAccessKey="
                + p.primaryKey();
    }

    /** With the primary key for a SAS device; with {@code x509=true} (the SDK's X.509 switch) for an X.509 one. */
    public String deviceConnectionString(String deviceId) {
        DeviceIdentity d = hub.device(deviceId)
                .orElseThrow(() -> new IllegalArgumentException("'deviceId' is not registered: " + deviceId));
        String base = "HostName=" + options.hostName() + ";DeviceId=" + deviceId;
        return d.primaryKey() == null ? base + ";x509=true" : base + ";SharedAccessKey=" + d.primaryKey();
    }

    /** Writes {@code local-hub.json}: where everything is, for tools, scripts and the fleet simulator. */
    private void writeConfig() {
        JsonObject c = new JsonObject();
        c.addProperty("hostName", options.hostName());
        c.addProperty("mqttPort", mqttPort);
        c.addProperty("httpsPort", httpsPort);
        c.addProperty("serviceEndpoint", serviceEndpoint());
        if (deviceHttpsPort >= 0) {
            c.addProperty("deviceHttpsPort", deviceHttpsPort);
        }
        c.addProperty("fileUpload", hub.fileUploads().configured());
        c.addProperty("serviceConnectionString", serviceConnectionString("iothubowner"));
        c.addProperty("caFile", caFile().toAbsolutePath().toString());
        JsonArray devices = new JsonArray();
        for (DeviceIdentity d : hub.identities()) {
            JsonObject o = new JsonObject();
            o.addProperty("deviceId", d.deviceId());
            o.addProperty("connectionString", deviceConnectionString(d.deviceId()));
            devices.add(o);
        }
        c.add("devices", devices);
        try {
            AtomicFiles.write(
                    configFile(),
                    new com.google.gson.GsonBuilder()
                            .setPrettyPrinting()
                            .disableHtmlEscaping()
                            .create()
                            .toJson(c),
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkBind(Options o) {
        try {
            if (!InetAddress.getByName(o.bindHost()).isLoopbackAddress() && !o.allowNonLoopback()) {
                throw new IllegalArgumentException("refusing to listen on non-loopback address " + o.bindHost()
                        + ": the local hub is a development tool; pass --allow-non-loopback if you really mean it");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve bind address " + o.bindHost());
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (mqtt != null) {
            mqtt.close();
        }
        if (https != null) {
            https.close();
        }
        if (deviceHttps != null) {
            deviceHttps.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (faults != null) {
            faults.close();
        }
        if (twinStore != null) {
            twinStore.close();
        }
        if (jobStore != null) {
            jobStore.close(); // after the engine stopped its runners
        }
    }

    /** Options with defaults that suit a developer machine. */
    public static final class Builder {
        private Path stateDir = Path.of(".local-hub");
        private String hostName = "127.0.0.1";
        private String bindHost = "127.0.0.1";
        private int mqttPort = DEFAULT_MQTT_PORT;
        private int httpsPort = DEFAULT_HTTPS_PORT;
        private boolean allowNonLoopback;
        private int devices;
        private String devicePrefix = "device-";
        private final List<String> extraCertNames = new ArrayList<>();
        private final List<java.security.cert.X509Certificate> verifiedCas = new ArrayList<>();
        private dev.fleetops.localhub.throttle.Sku sku;
        private int units = 1;
        private boolean durableTwins = true;
        private boolean durableJobs = true;
        private int deviceHttpsPort = -1;
        private dev.fleetops.localhub.files.FileUploadSettings fileUpload;

        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder hostName(String name) {
            this.hostName = name;
            return this;
        }

        public Builder bindHost(String host) {
            this.bindHost = host;
            return this;
        }

        /** 0 picks a free port (tests); the Java device SDK only connects to 8883. */
        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        public Builder httpsPort(int port) {
            this.httpsPort = port;
            return this;
        }

        public Builder allowNonLoopback(boolean allow) {
            this.allowNonLoopback = allow;
            return this;
        }

        /** Pre-registers {@code n} devices named {@code device-001} … */
        public Builder devices(int n) {
            if (n < 0 || n > 100_000) {
                throw new IllegalArgumentException("'devices' must be between 0 and 100000.");
            }
            this.devices = n;
            return this;
        }

        public Builder devicePrefix(String prefix) {
            if (!DeviceIdentity.isValidId(prefix + "1")) {
                throw new IllegalArgumentException("'devicePrefix' makes invalid device ids.");
            }
            this.devicePrefix = prefix;
            return this;
        }

        /** Enforces the SKU's throttles for {@code units} units (429 / 429001 past them); off unless called. */
        public Builder sku(dev.fleetops.localhub.throttle.Sku sku, int units) {
            if (units < 1 || units > 200) {
                throw new IllegalArgumentException("'units' must be between 1 and 200.");
            }
            this.sku = sku;
            this.units = units;
            return this;
        }

        /** Whether twins survive restarts (default true): each change is fsync'd to the state directory before it is acknowledged. */
        public Builder durableTwins(boolean durable) {
            this.durableTwins = durable;
            return this;
        }

        /** Whether jobs survive restarts (default true): stored before they are acknowledged, resumed on start. */
        public Builder durableJobs(boolean durable) {
            this.durableJobs = durable;
            return this;
        }

        /**
         * Serves the HTTPS API on this port too, with client certificates asked for, for what devices call over HTTPS
         * (file upload). The Java device SDK always uses 443 (binding it needs root or CAP_NET_BIND_SERVICE); -1 (the
         * default) means no such listener.
         */
        public Builder deviceHttpsPort(int port) {
            this.deviceHttpsPort = port;
            return this;
        }

        /** Links a storage account for device file uploads (IoT Hub's {@code storageEndpoints.$default}). */
        public Builder fileUpload(dev.fleetops.localhub.files.FileUploadSettings settings) {
            this.fileUpload = settings;
            return this;
        }

        public Builder extraCertName(String name) {
            this.extraCertNames.add(name);
            return this;
        }

        /**
         * Trusts the CA certificates in a PEM file for {@code certificateAuthority} devices (IoT Hub's verified CA
         * certificates). Repeatable.
         *
         * @throws IllegalArgumentException if the file cannot be read or holds a certificate that is no CA
         */
        public Builder verifiedCa(Path pemFile) {
            List<java.security.cert.X509Certificate> certs = dev.fleetops.localhub.x509.PemCertificates.read(pemFile);
            for (java.security.cert.X509Certificate c : certs) {
                new dev.fleetops.localhub.x509.VerifiedCas().add(c); // checks it is a CA now, not at start()
            }
            verifiedCas.addAll(certs);
            return this;
        }

        public LocalHub start() throws InterruptedException {
            return new LocalHub(
                    new Options(
                            stateDir.toAbsolutePath(),
                            hostName,
                            bindHost,
                            mqttPort,
                            httpsPort,
                            allowNonLoopback,
                            devices,
                            devicePrefix,
                            List.copyOf(extraCertNames),
                            List.copyOf(verifiedCas)),
                    new FollowUpOptions(sku, units, durableTwins, durableJobs),
                    new DeviceHttpsOptions(deviceHttpsPort, fileUpload));
        }
    }
}
