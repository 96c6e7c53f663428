package dev.fleetops.device.sim;

import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.action.HealthWatch;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.config.ConfigException;
import dev.fleetops.device.log.LogContext;
import dev.fleetops.device.manifest.FirmwarePolicy;
import dev.fleetops.device.manifest.ManifestVerifier;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.transport.TlsContexts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many devices in one JVM, each the real {@link DeviceRuntime} (own SDK session and state
 * directory) with the hooks of its {@link Behaviour}. Devices share one TLS context and one HTTP client
 * for downloads; starts are ramped at {@code startPerSecond}.
 */
public final class FleetSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);
    /** Connects in flight at most; enough for ~50 starts/s at ~0.5 s per connect on two cores. */
    static final int STARTERS = 32;

    private final SimulateOptions options;
    private final List<HubConfig.Device> devices;
    private final SSLContext tls;
    private final Downloader shared;
    private final Downloader untrusting;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fleetops-sim");
        t.setDaemon(true);
        return t;
    });
    /**
     * Runs device starts. A start blocks for the whole connect (TLS, MQTT CONNECT, two subscriptions:
     * a few hundred ms), so starting on the ramp scheduler itself capped a fleet at ~4 starts/s and
     * starved the status line; the scheduler only paces, these threads connect.
     */
    private final java.util.concurrent.ExecutorService starters;

    private final List<Slot> slots = new ArrayList<>();
    private final UpdateSettings baseUpdates;
    /** Re-registers the X.509 devices; null when there are none. */
    private final HubRegistry registry;

    private final Path caFile;

    /**
     * @param x509     runs with a self-signed certificate instead of the SAS key of local-hub.json
     * @param identity set on the first start; a restart after a crash reuses it
     */
    private record Slot(
            HubConfig.Device device,
            Behaviour behaviour,
            Path stateDir,
            AtomicReference<DeviceRuntime> runtime,
            boolean x509,
            AtomicReference<SimIdentity> identity,
            java.time.ZoneId timeZone) {}

    private FleetSimulator(SimulateOptions options, HubConfig config) throws ConfigException {
        this.options = options;
        // Keys first: a bad key file is a usage error worth reporting before anything else is set up.
        this.baseUpdates = UpdateSettings.defaults()
                .withManifests(ManifestVerifier.trusting(options.signingKeys()))
                .withPolicy(new FirmwarePolicy(options.model(), Set.copyOf(options.packageHosts())))
                .withWatch(HealthWatch.ofSeconds(options.healthWatchSeconds(), options.healthCheckIntervalSeconds()));
        this.devices = config.devices().subList(0, options.count());
        this.tls = TlsContexts.trustingDefaultsPlus(config.caFile());
        this.caFile = config.caFile();
        boolean anyX509 = false;
        for (int i = 0; i < devices.size(); i++) {
            anyX509 |= isX509(i);
        }
        // Checked before any device starts: a fleet without its registry access is a usage error, not N failures.
        this.registry = anyX509 ? HubRegistry.of(config, tls) : null;
        this.shared = new Downloader(Downloader.httpClient(tls));
        this.untrusting = new Downloader(Downloader.httpClient(null));
        this.starters = Executors.newFixedThreadPool(Math.max(2, Math.min(STARTERS, options.startPerSecond())), r -> {
            Thread t = new Thread(r, "fleetops-sim-start");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @throws ConfigException if the hub config lists fewer devices than requested, or lacks the service API that
     *                         {@code --x509} needs
     * @throws IllegalArgumentException if a signing key cannot be read
     */
    public static FleetSimulator start(SimulateOptions options, HubConfig config, Consumer<String> out)
            throws ConfigException {
        if (config.devices().size() < options.count()) {
            throw new ConfigException("the hub config lists " + config.devices().size()
                    + " devices, fewer than --count " + options.count() + "; start the local hub with more devices");
        }
        FleetSimulator sim = new FleetSimulator(options, config);
        sim.launch(out);
        return sim;
    }

    /**
     * The options choose the X.509 devices; a device local-hub.json already lists with {@code x509=true} (switched by
     * an earlier run, the hub since restarted) has no key to fall back to, so it stays X.509.
     */
    private boolean isX509(int index) {
        return options.x509(index) || devices.get(index).connectionString().contains("x509=true");
    }

    private void launch(Consumer<String> out) {
        Map<Behaviour, Integer> counts = new EnumMap<>(Behaviour.class);
        int x509 = 0;
        long gapMicros = 1_000_000L / options.startPerSecond();
        for (int i = 0; i < devices.size(); i++) {
            HubConfig.Device d = devices.get(i);
            Behaviour b = options.profile().assign(options.seed(), i);
            counts.merge(b, 1, Integer::sum);
            Slot slot = new Slot(
                    d,
                    b,
                    options.stateDir().resolve(d.deviceId()),
                    new AtomicReference<>(),
                    isX509(i),
                    new AtomicReference<>(),
                    options.timeZone(i));
            x509 += slot.x509() ? 1 : 0;
            slots.add(slot);
            scheduler.schedule(
                    () -> starters.execute(() -> LogContext.asDevice(d.deviceId(), () -> startDevice(slot, true))),
                    i * gapMicros,
                    TimeUnit.MICROSECONDS);
        }
        out.accept("simulating " + devices.size() + " devices: " + counts + ", X.509 (self-signed) " + x509);
        scheduler.scheduleWithFixedDelay(() -> out.accept(status()), 10, 10, TimeUnit.SECONDS);
    }

    private void startDevice(Slot slot, boolean first) {
        // A crashed device comes back healthy: it crashes once, during its first update.
        Behaviour hooks = !first && slot.behaviour() == Behaviour.CRASH ? Behaviour.NORMAL : slot.behaviour();
        UpdateSettings updates = SimProfiles.updates(
                hooks,
                baseUpdates,
                () -> scheduler.schedule(
                        () -> starters.execute(
                                () -> LogContext.asDevice(slot.device().deviceId(), () -> restart(slot))),
                        2,
                        TimeUnit.SECONDS));
        DeviceRuntime.Extras extras = new DeviceRuntime.Extras(
                SimProfiles.downloader(slot.behaviour(), shared, untrusting), updates, slot.timeZone());
        try {
            SimIdentity id = identity(slot);
            DeviceRuntime rt = DeviceRuntime.start(
                    new DeviceRuntime.Settings(
                            id.connectionString(),
                            slot.stateDir(),
                            tls,
                            Duration.ofSeconds(options.rebootDelaySeconds()),
                            options.initialFirmwareVersion(),
                            id.hubTls()),
                    w -> LOG.warn("{}: {}", slot.device().deviceId(), w),
                    extras);
            slot.runtime().set(rt);
            if (first && slot.behaviour() == Behaviour.OFFLINE) {
                scheduleOutage(
                        slot,
                        new SplittableRandom(
                                options.seed() ^ slot.device().deviceId().hashCode()));
            }
        } catch (ConfigException | IOException | RuntimeException e) {
            LOG.error("{}: cannot start: {}", slot.device().deviceId(), e.getMessage());
        }
    }

    private SimIdentity identity(Slot slot) throws IOException, ConfigException {
        SimIdentity id = slot.identity().get();
        if (id == null) {
            id = slot.x509()
                    ? SimIdentity.x509(slot.device(), slot.stateDir(), caFile, registry)
                    : SimIdentity.sas(slot.device());
            slot.identity().set(id);
        }
        return id;
    }

    private void scheduleOutage(Slot slot, SplittableRandom random) {
        long in = 60 + random.nextInt(120);
        scheduler.schedule(
                () -> {
                    DeviceRuntime rt = slot.runtime().get();
                    if (rt != null) {
                        Duration down = Duration.ofSeconds(20 + random.nextInt(40));
                        LOG.info(
                                "{}: going offline for {} s (simulated)",
                                slot.device().deviceId(),
                                down.toSeconds());
                        rt.agent().goOffline(down);
                    }
                    scheduleOutage(slot, random);
                },
                in,
                TimeUnit.SECONDS);
    }

    // The crashed agent's action thread is already dead; close what is left and boot a new agent on the
    // same state directory, which recovers the interrupted update.
    private void restart(Slot slot) {
        DeviceRuntime old = slot.runtime().getAndSet(null);
        if (old != null) {
            old.close();
        }
        LOG.info("{}: restarting after a simulated crash", slot.device().deviceId());
        startDevice(slot, false);
    }

    /** Devices whose agent is up and connected to the hub now. */
    public int connectedCount() {
        int n = 0;
        for (Slot s : slots) {
            DeviceRuntime rt = s.runtime().get();
            if (rt != null && rt.agent().isConnected()) {
                n++;
            }
        }
        return n;
    }

    /** Each connected device's last connect duration (the agent's own timing), unordered. */
    public List<Duration> connectDurations() {
        List<Duration> out = new ArrayList<>();
        for (Slot s : slots) {
            DeviceRuntime rt = s.runtime().get();
            Duration d = rt == null ? null : rt.agent().lastConnectDuration();
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** The running device with this id, if it is up; for benchmarks and tests. */
    public java.util.Optional<DeviceRuntime> device(String deviceId) {
        for (Slot s : slots) {
            if (s.device().deviceId().equals(deviceId)) {
                return java.util.Optional.ofNullable(s.runtime().get());
            }
        }
        return java.util.Optional.empty();
    }

    /** One line: how many devices run and are connected, and the heap in use. */
    public String status() {
        int running = 0;
        int connected = 0;
        for (Slot s : slots) {
            DeviceRuntime rt = s.runtime().get();
            if (rt != null) {
                running++;
                if (rt.agent().isConnected()) {
                    connected++;
                }
            }
        }
        Runtime r = Runtime.getRuntime();
        long usedMiB = (r.totalMemory() - r.freeMemory()) >> 20;
        return "devices running " + running + "/" + slots.size() + ", connected " + connected + ", heap used " + usedMiB
                + " MiB of max " + (r.maxMemory() >> 20) + " MiB, threads " + Thread.activeCount();
    }

    /** Stops every device as SIGTERM would, in parallel (a close waits for the SDK's disconnect). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        starters.shutdownNow();
        java.util.concurrent.ExecutorService closers = Executors.newFixedThreadPool(STARTERS, r -> {
            Thread t = new Thread(r, "fleetops-sim-stop");
            t.setDaemon(true);
            return t;
        });
        for (Slot s : slots) {
            DeviceRuntime rt = s.runtime().getAndSet(null);
            if (rt != null) {
                closers.execute(rt::close);
            }
        }
        closers.shutdown();
        try {
            if (!closers.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("some devices did not stop within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
