package dev.fleetops.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stopping a child process the benchmarks started, with the processes it started (the runner's worker JVM). */
public final class ChildProcesses {
    private ChildProcesses() {}

    /** Asks {@code p} and then its descendants to stop, forcibly after 20 s each. */
    public static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle c : children) {
            c.destroy();
            try {
                c.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                c.destroyForcibly();
            }
        }
    }
}
