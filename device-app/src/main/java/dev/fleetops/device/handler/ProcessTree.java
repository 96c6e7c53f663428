package dev.fleetops.device.handler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops a handler and everything it started: a shell script's {@code sleep} must not outlive it. */
final class ProcessTree {
    private ProcessTree() {}

    /** SIGTERM to the process and its descendants, then SIGKILL to whatever is left after {@code grace}. */
    static void stop(Process p, Duration grace) {
        // Taken first: once the parent is gone its children are re-parented and no longer its descendants.
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        boolean gone = false;
        try {
            gone = p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ProcessHandle> left = p.descendants().toList();
        left.forEach(ProcessHandle::destroyForcibly);
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        if (!gone) {
            p.destroyForcibly();
        }
        try {
            p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
