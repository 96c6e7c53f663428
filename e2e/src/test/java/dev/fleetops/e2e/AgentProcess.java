package dev.fleetops.e2e;

import dev.fleetops.device.Main;
import dev.fleetops.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The device app as its own process ({@code java … dev.fleetops.device.Main ARGS}), restarted whenever it exits, as
 * systemd's {@code Restart=always} or a machine's next boot would: what a reboot handler that ends the process
 * needs to stand in for a real reboot. Output goes to {@code log} (appended across starts).
 */
final class AgentProcess implements AutoCloseable {
    private final List<String> args;
    private final Map<String, String> env;
    private final Path log;
    private final AtomicInteger starts = new AtomicInteger();
    private final Thread supervisor;
    private volatile boolean closed;
    private volatile Process current;

    AgentProcess(List<String> args, Map<String, String> env, Path log) {
        this.args = List.copyOf(args);
        this.env = Map.copyOf(env);
        this.log = log;
        this.supervisor = new Thread(this::superviseQuietly, "agent-process-supervisor");
        this.supervisor.setDaemon(true);
        this.supervisor.start();
    }

    /** How many times the agent process has been started. */
    int starts() {
        return starts.get();
    }

    private void superviseQuietly() {
        try {
            while (!closed) {
                ProcessBuilder pb = ChildJvm.of(Main.class, args.toArray(String[]::new))
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                pb.environment().putAll(env);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    current = pb.start();
                    starts.incrementAndGet();
                }
                current.waitFor();
                Thread.sleep(500); // the "boot"
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        Process p;
        synchronized (this) {
            closed = true;
            p = current;
        }
        if (p != null) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        supervisor.join(5_000);
    }

    static List<String> list(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
