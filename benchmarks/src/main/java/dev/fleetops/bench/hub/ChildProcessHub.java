package dev.fleetops.bench.hub;

import dev.fleetops.bench.ForkedHub;
import dev.fleetops.bench.wire.FleetCredentials;
import dev.fleetops.bench.wire.WireDevice;
import dev.fleetops.bench.wire.WireFleet;
import dev.fleetops.localhub.tls.TlsMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local hub's own command ({@code dev.fleetops.localhub.Main}) in a child JVM on ephemeral ports, found through
 * the {@code local-hub.json} it writes: the hub gets its own heap (measured with {@code jcmd}) and its own budget of
 * open files. Stopped with SIGTERM, so it shuts down as a developer's hub would.
 */
final class ChildProcessHub implements HubUnderTest {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final ForkedHub hub;
    private final Path stateDir;
    private final FleetCredentials.HubConfig config;
    private final HubServiceApi service;

    private ChildProcessHub(ForkedHub hub, Path stateDir, FleetCredentials.HubConfig config) {
        this.hub = hub;
        this.stateDir = stateDir;
        this.config = config;
        this.service = new HubServiceApi(
                config.serviceEndpoint(),
                config.serviceConnectionString(),
                TlsMaterial.loadOrCreate(stateDir, List.of()).clientContext());
    }

    /** Starts the hub with {@code devices} registered and waits until it listens. */
    static ChildProcessHub start(int devices, String heap) throws IOException {
        Path dir = StateDirs.create();
        ForkedHub hub = ForkedHub.start(
                dir, heap, List.of("--devices", Integer.toString(devices), "--mqtt-port", "0", "--https-port", "0"));
        return new ChildProcessHub(hub, dir, FleetCredentials.fromLocalHubJson(hub.configFile()));
    }

    @Override
    public List<WireDevice.Credentials> devices() {
        return config.devices();
    }

    @Override
    public WireFleet.Options fleetOptions(WireFleet.Options base) {
        return config.options(base);
    }

    @Override
    public HubServiceApi service() {
        return service;
    }

    /** {@code jcmd <pid> GC.run}, then the "used" figure of {@code GC.heap_info}; empty if jcmd is missing or says nothing usable. */
    @Override
    public OptionalLong heapAfterGcBytes() {
        try {
            jcmd("GC.run");
            Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1)) * 1024) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process j = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(hub.pid()),
                        command)
                .redirectErrorStream(true)
                .start();
        String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        j.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public String description() {
        return "hub in a child JVM (pid " + hub.pid() + "), service API " + config.serviceEndpoint() + ", MQTT port "
                + config.mqttPort();
    }

    @Override
    public void close() {
        hub.close();
        StateDirs.delete(stateDir);
    }
}
