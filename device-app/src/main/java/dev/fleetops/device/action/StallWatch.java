package dev.fleetops.device.action;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a download's body stream when no byte arrived for {@code timeout}. The JDK HTTP client's request
 * timeout only covers the response headers, and a blocked body read ignores interrupts, so a server that
 * stops sending mid-body would otherwise hold the update (and the action thread) forever. Closing the
 * stream makes the blocked read throw; the downloader then resumes with {@code Range}. One daemon thread
 * watches every download in the JVM (the simulator runs a thousand devices).
 */
final class StallWatch implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetops-download-watch");
        t.setDaemon(true);
        return t;
    });

    private final Closeable body;
    private final long timeoutNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean fired;

    private StallWatch(Closeable body, Duration timeout) {
        this.body = body;
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(50, timeout.toMillis() / 4);
        this.check = TIMER.scheduleAtFixedRate(this::checkNow, period, period, TimeUnit.MILLISECONDS);
    }

    static StallWatch start(Closeable body, Duration timeout) {
        return new StallWatch(body, timeout);
    }

    /** Bytes arrived. */
    void progress() {
        lastProgress = System.nanoTime();
    }

    /** Whether the stream was closed for stalling. */
    boolean fired() {
        return fired;
    }

    private void checkNow() {
        if (!fired && System.nanoTime() - lastProgress > timeoutNanos) {
            fired = true;
            try {
                body.close();
            } catch (IOException | RuntimeException ignored) {
                // the read fails either way
            }
        }
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
