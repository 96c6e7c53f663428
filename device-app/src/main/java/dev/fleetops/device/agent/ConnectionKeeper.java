package dev.fleetops.device.agent;

import dev.fleetops.device.action.Power;
import dev.fleetops.device.transport.HubException;
import dev.fleetops.device.transport.HubSession;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the hub session open while the device is "powered on": opens it, re-opens it with backoff after a
 * terminal drop (always from its own executor, never from a transport callback), and runs
 * {@code onConnected} after every successful (re)connect so the device can re-read its twin and
 * re-publish its state. Thread-safe.
 */
public final class ConnectionKeeper implements Power {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionKeeper.class);

    private final HubSession session;
    private final ScheduledExecutorService executor;
    private final Backoff backoff;
    private final Runnable onConnected;
    private boolean poweredOn;
    private boolean connected;
    private boolean shutDown;
    private int attempt;
    private ScheduledFuture<?> retry;
    private volatile long lastOpenNanos = -1;

    public ConnectionKeeper(
            HubSession session, ScheduledExecutorService executor, Backoff backoff, Runnable onConnected) {
        this.session = session;
        this.executor = executor;
        this.backoff = backoff;
        this.onConnected = onConnected;
    }

    /** Connects now; if that fails, keeps retrying in the background. */
    @Override
    public synchronized void on() {
        poweredOn = true;
        tryConnect();
    }

    @Override
    public synchronized void off() {
        poweredOn = false;
        connected = false;
        cancelRetry();
        session.close();
    }

    /**
     * The transport gave up on the connection; reopen later from the keeper's executor. Returns at once:
     * the transport thread calling this must never wait for the keeper, which may be waiting for it.
     */
    public void lost(String reason) {
        executor.execute(() -> {
            synchronized (this) {
                LOG.warn("hub connection lost ({}), reconnecting", reason);
                connected = false;
                scheduleRetry();
            }
        });
    }

    /** The transport reconnected by itself; re-sync on the keeper's executor, not the transport's thread. */
    public void reconnected() {
        executor.execute(this::resync);
    }

    /** Stops for good; the session is closed and no retry will run. */
    public synchronized void shutdown() {
        off();
        shutDown = true;
    }

    @Override
    public synchronized boolean isConnected() {
        return connected;
    }

    /** How long the last successful open took (TLS, MQTT CONNECT, subscriptions), or -1 before the first. */
    public long lastOpenNanos() {
        return lastOpenNanos;
    }

    private synchronized void resync() {
        if (connected) {
            onConnected.run();
        }
    }

    private void tryConnect() {
        if (!poweredOn || connected || shutDown) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            session.open();
        } catch (HubException e) {
            LOG.warn("cannot connect to hub: {}", e.getMessage());
            scheduleRetry();
            return;
        }
        lastOpenNanos = System.nanoTime() - t0;
        connected = true;
        attempt = 0;
        cancelRetry();
        onConnected.run();
    }

    private void scheduleRetry() {
        if (!poweredOn || shutDown || (retry != null && !retry.isDone())) {
            return;
        }
        long ms = backoff.delay(attempt++).toMillis();
        LOG.info("reconnecting in {} ms", ms);
        retry = executor.schedule(this::retryNow, ms, TimeUnit.MILLISECONDS);
    }

    private synchronized void retryNow() {
        retry = null;
        session.close();
        tryConnect();
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }
}
