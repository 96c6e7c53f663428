package dev.fleetops.device;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops the device cleanly when the JVM is asked to stop (SIGTERM, Ctrl-C). It is installed
 * <em>before</em> the device starts: a hook installed after {@code start} returned left a window in
 * which SIGTERM (a service manager stopping a device that is still connecting) ended the JVM
 * without closing anything.
 */
final class StopOnSignal {
    /** How long a stop request waits for a device that is still starting before the JVM exits anyway. */
    private static final long START_GRACE_SECONDS = 20;

    private final CompletableFuture<AutoCloseable> started = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook;
    private boolean installed;

    private StopOnSignal(String threadName) {
        this.hook = new Thread(this::stop, threadName);
    }

    static StopOnSignal install(String threadName) {
        StopOnSignal s = new StopOnSignal(threadName);
        try {
            Runtime.getRuntime().addShutdownHook(s.hook);
            s.installed = true;
        } catch (IllegalStateException shuttingDown) {
            // Asked to stop before the hook could be installed: runUntilStopped closes at once.
        }
        return s;
    }

    /** Hands over what started and blocks until a stop request has closed it. */
    int runUntilStopped(AutoCloseable running) {
        if (!installed) {
            started.complete(running);
            stop();
            return Main.OK;
        }
        started.complete(running);
        try {
            stopped.await();
            return Main.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAILURE;
        }
    }

    /** Starting failed: there is nothing to stop, and an in-process caller keeps no hook behind. */
    void abandon() {
        started.cancel(false);
        if (!installed) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running already; the cancel above lets it return at once.
        }
    }

    private void stop() {
        try {
            started.get(START_GRACE_SECONDS, TimeUnit.SECONDS).close();
        } catch (TimeoutException e) {
            System.err.println("error while stopping: still starting after " + START_GRACE_SECONDS + " s");
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            // Never started: nothing to close.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("error while stopping: " + e.getMessage());
        } finally {
            stopped.countDown();
        }
    }
}
