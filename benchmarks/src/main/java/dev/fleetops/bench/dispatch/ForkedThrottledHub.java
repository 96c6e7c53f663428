package dev.fleetops.bench.dispatch;

import dev.fleetops.bench.wire.FleetCredentials;
import dev.fleetops.core.operations.HubSku;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The local hub with SKU throttling in a child JVM on this machine. Not in process because 10,000 MQTT/TLS
 * connections need a descriptor on each end, and one process may hold 20,000 here (ulimit -n). Started from
 * this JVM's class path (the benchmarks jar contains the hub); its per-connection log lines are dropped.
 */
final class ForkedThrottledHub implements AutoCloseable {
    private final Process process;
    private final FleetCredentials.HubConfig config;

    private ForkedThrottledHub(Process process, FleetCredentials.HubConfig config) {
        this.process = process;
        this.config = config;
    }

    static ForkedThrottledHub start(Path stateDir, int devices, HubSku sku, int units) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx768m", "-cp", System.getProperty("java.class.path"), "dev.fleetops.localhub.Main",
                "--state-dir", stateDir.toString(), "--devices", Integer.toString(devices), "--device-prefix", "bench-",
                "--https-port", "0", "--mqtt-port", "0", "--sku", sku.name(), "--units", Integer.toString(units));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Path> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("local-hub.json: ")) {
                        ready.complete(Path.of(line.substring("local-hub.json: ".length()).trim()));
                    } else if (line.contains(" ERROR ") || line.startsWith("error")) {
                        System.out.println("  [hub] " + line);
                    }
                }
            } catch (IOException ignored) {
                // the hub went away
            }
            ready.completeExceptionally(new IOException("the local hub exited before it was ready"));
        }, "hub-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new ForkedThrottledHub(p, FleetCredentials.fromLocalHubJson(ready.get(120, TimeUnit.SECONDS)));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("cannot start the local hub: " + e.getMessage(), e);
        }
    }

    FleetCredentials.HubConfig config() {
        return config;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
