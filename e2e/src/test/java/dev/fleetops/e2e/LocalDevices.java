package dev.fleetops.e2e;

import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.standins.packages.PackageServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A local hub, the firmware package server on its certificate, and real device agents ({@link DeviceRuntime}:
 * one-second reboots, factory version 1.0.0) connected to it, closed together. The end-to-end tests that run
 * agents share it; {@link FleetFixture} runs the fleet simulator instead. Waiting for the devices is the test's:
 * each waits for what it needs (connected, or connected and reported through the API).
 */
final class LocalDevices implements AutoCloseable {
    final LocalHub hub;
    final PackageServer packages;
    final List<DeviceRuntime> devices = new ArrayList<>();

    private LocalDevices(LocalHub hub, PackageServer packages) {
        this.hub = hub;
        this.packages = packages;
    }

    /**
     * A hub in {@code dir} with {@code registered} devices ({@code prefix}001 …) and agents for the first
     * {@code agents} of them.
     *
     * @param extras per-device variations (e.g. a manifest verifier), or {@link DeviceRuntime.Extras#NONE}
     */
    static LocalDevices start(Path dir, String prefix, int registered, int agents, DeviceRuntime.Extras extras)
            throws Exception {
        return start(dir, prefix, registered, java.util.Collections.nCopies(agents, extras));
    }

    /**
     * A hub in {@code dir} with {@code registered} devices and an agent for each of {@code agents}, the first of the
     * devices, with its own variations (e.g. its time zone).
     */
    static LocalDevices start(Path dir, String prefix, int registered, List<DeviceRuntime.Extras> agents)
            throws Exception {
        LocalHub hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .devices(registered)
                .devicePrefix(prefix)
                .start();
        // The service SDK trusts the JVM defaults only; this is what -Djavax.net.ssl.trustStore does for users.
        HttpsURLConnection.setDefaultSSLSocketFactory(hub.tls().clientContext().getSocketFactory());
        LocalDevices fleet = new LocalDevices(hub, PackageServer.start(hub.tls().serverSslContext()));
        SSLContext deviceTrust = TlsContexts.trustingDefaultsPlus(hub.caFile());
        for (int i = 1; i <= agents.size(); i++) {
            String id = LocalHub.deviceId(prefix, i);
            fleet.devices.add(DeviceRuntime.start(
                    new DeviceRuntime.Settings(
                            hub.deviceConnectionString(id),
                            dir.resolve(id),
                            deviceTrust,
                            Duration.ofSeconds(1),
                            "1.0.0"),
                    w -> {},
                    agents.get(i - 1)));
        }
        return fleet;
    }

    /** Waits (up to a minute) until every agent of the fleet is connected to the hub. */
    void awaitConnected() {
        dev.fleetops.testkit.Waits.upTo(Duration.ofSeconds(60), "devices connected")
                .pollInterval(Duration.ofMillis(50))
                .until(() -> devices.stream().allMatch(d -> hub.hub().isConnected(d.deviceId())));
    }

    @Override
    public void close() {
        devices.forEach(DeviceRuntime::close);
        packages.close();
        hub.close();
    }
}
