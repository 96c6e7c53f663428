package dev.fleetops.bench;

import dev.fleetops.core.rollout.service.HubSku;
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
 * The local hub's own command ({@code dev.fleetops.localhub.Main}) in a child JVM, started from this
 * JVM's class path (the benchmarks jar contains the hub). Benchmarks fork it so that their heap and
 * thread figures hold only what they measure, and so that hub and devices each get their own budget of
 * open files (every MQTT/TLS connection costs a descriptor on both ends).
 */
public final class ForkedHub implements AutoCloseable {
    private static final String CONFIG_LINE = "local-hub.json: ";

    private final Process process;
    private final Path configFile;

    private ForkedHub(Process process, Path configFile) {
        this.process = process;
        this.configFile = configFile;
    }

    /**
     * Starts the hub on {@code stateDir} with {@code hubArgs} (e.g. {@code --devices 1000 --https-port 0})
     * and waits until it has written its {@code local-hub.json}, i.e. until it listens.
     *
     * @param heap the child's maximum heap, e.g. {@code "768m"}
     */
    public static ForkedHub start(Path stateDir, String heap, List<String> hubArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.fleetops.localhub.Main",
                "--state-dir",
                stateDir.toString()));
        cmd.addAll(hubArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // A benchmark stopped with Ctrl-C must not leave a hub holding its ports (8883 above all).
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "hub-reaper"));
        CompletableFuture<Path> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(p, ready), "hub-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new ForkedHub(p, ready.get(120, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("cannot start the local hub: " + e.getMessage(), e);
        }
    }

    /**
     * Hub arguments for {@code devices} registered devices (named as {@code LocalHub.deviceId(prefix, n)}), any free ports, and the
     * throttles of {@code units} units of {@code sku}.
     */
    public static List<String> throttledFleet(int devices, String prefix, HubSku sku, int units) {
        return List.of(
                "--devices",
                Integer.toString(devices),
                "--device-prefix",
                prefix,
                "--https-port",
                "0",
                "--mqtt-port",
                "0",
                "--sku",
                sku.name(),
                "--units",
                Integer.toString(units));
    }

    /** Completes {@code ready} with the config file; echoes errors; keeps reading so the pipe never fills. */
    private static void pump(Process p, CompletableFuture<Path> ready) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(CONFIG_LINE)) {
                    ready.complete(Path.of(line.substring(CONFIG_LINE.length()).trim()));
                } else if (line.contains(" ERROR ") || line.startsWith("error")) {
                    System.out.println("  [hub] " + line);
                }
            }
        } catch (IOException ignored) {
            // the hub went away
        }
        ready.completeExceptionally(new IOException("the local hub exited before it was ready"));
    }

    /** The hub's {@code local-hub.json}: endpoints, CA file, connection strings. */
    public Path configFile() {
        return configFile;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
