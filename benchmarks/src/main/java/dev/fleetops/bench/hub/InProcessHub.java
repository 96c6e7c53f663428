package dev.fleetops.bench.hub;

import dev.fleetops.bench.wire.FleetCredentials;
import dev.fleetops.bench.wire.WireDevice;
import dev.fleetops.bench.wire.WireFleet;
import dev.fleetops.localhub.LocalHub;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** A {@link LocalHub} in the benchmark's JVM on ephemeral ports: one heap for hub and devices. */
final class InProcessHub implements HubUnderTest {
    private final LocalHub hub;
    private final Path stateDir;
    private final List<WireDevice.Credentials> devices;
    private final HubServiceApi service;

    private InProcessHub(LocalHub hub, Path stateDir) {
        this.hub = hub;
        this.stateDir = stateDir;
        this.devices = FleetCredentials.fromHub(hub);
        this.service = new HubServiceApi(
                hub.serviceEndpoint(),
                hub.serviceConnectionString("service"),
                hub.tls().clientContext());
    }

    static InProcessHub start(int devices) throws Exception {
        Path dir = StateDirs.create();
        return new InProcessHub(
                LocalHub.builder()
                        .stateDir(dir)
                        .mqttPort(0)
                        .httpsPort(0)
                        .devices(devices)
                        .start(),
                dir);
    }

    @Override
    public List<WireDevice.Credentials> devices() {
        return devices;
    }

    @Override
    public WireFleet.Options fleetOptions(WireFleet.Options base) {
        return base.withMqttPort(hub.mqttPort()).withCaFile(hub.caFile());
    }

    @Override
    public HubServiceApi service() {
        return service;
    }

    @Override
    public OptionalLong heapAfterGcBytes() {
        return OptionalLong.empty();
    }

    @Override
    public String description() {
        return "hub in this JVM (heap figures cover hub and devices together)";
    }

    @Override
    public void close() {
        hub.close();
        StateDirs.delete(stateDir);
    }
}
