package dev.fleetops.bench.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The local hub in a child JVM, so the simulator's heap and thread figures contain the devices and
 * nothing of the hub. Started from this JVM's class path (the benchmarks jar contains the hub).
 */
final class ForkedHub implements AutoCloseable {
    private final Process process;
    private final Path config;

    private ForkedHub(Process process, Path config) {
        this.process = process;
        this.config = config;
    }

    /** Starts {@code dev.fleetops.localhub.Main} with {@code devices} devices and waits for its config file. */
    static ForkedHub start(Path stateDir, int devices) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.fleetops.localhub.Main", "--state-dir", stateDir.toString(), "--devices", Integer.toString(devices),
                "--https-port", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // A benchmark stopped with Ctrl-C must not leave a hub holding port 8883.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "hub-reaper"));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Path> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("local-hub.json: ")) {
                        ready.complete(Path.of(line.substring("local-hub.json: ".length()).trim()));
                    } else if (!ready.isDone() || line.contains("ERROR") || line.startsWith("error")) {
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
            return new ForkedHub(p, ready.get(120, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("cannot start the local hub: " + e.getMessage(), e);
        }
    }

    Path config() {
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
