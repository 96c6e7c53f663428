package dev.fleetops.device.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.ActionRequest;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.action.Patches;
import dev.fleetops.device.action.Reporter;
import dev.fleetops.device.log.LogContext;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.LiveState;
import dev.fleetops.device.state.Operation;
import dev.fleetops.device.transport.ConnectionListener;
import dev.fleetops.device.transport.HubException;
import dev.fleetops.device.transport.HubSession;
import dev.fleetops.device.transport.MethodResult;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-management agent: answers the actions of its {@link ActionHandlers} ({@code reboot},
 * {@code factoryReset} and {@code firmwareUpdate}) within the method callback (decide, persist, answer) and
 * runs accepted operations one at a time on a background thread, each through its action's handler. After every (re)connect it re-reads its twin and re-publishes {@code iothubDM}.
 * Create with {@link #start}; {@link #close} disconnects and stops the threads.
 */
public final class DeviceAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAgent.class);

    private final HubSession session;
    private final LiveState live;
    private final MethodReceiver dispatcher;
    private final ActionHandlers handlers;
    /** Device id for logs ({@link LogContext}); every thread of this agent carries it. */
    private final String deviceId;
    /**
     * One action at a time. The thread ends after a minute idle, so a thousand idle simulated devices
     * hold no action threads (the SDK already needs nine per device).
     */
    private final ThreadPoolExecutor actions;

    private final ScheduledExecutorService connection;
    private final ConnectionKeeper keeper;
    private final ActionContext ctx;
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    private final DesiredConvergence desired;
    /** The reported twin as last read; null until the first successful read after start-up. */
    private final AtomicReference<JsonObject> lastReported = new AtomicReference<>();

    /** The {@code uploadLogs} method, or null: the agent answers it as an unknown method. */
    private final dev.fleetops.device.logupload.LogUploads logUploads;

    private DeviceAgent(
            HubSession session,
            LiveState live,
            AgentConfig config,
            String deviceId,
            dev.fleetops.device.logupload.LogUploads logUploads) {
        this.logUploads = logUploads;
        this.session = session;
        this.live = live;
        this.deviceId = deviceId;
        this.actions = new ThreadPoolExecutor(
                1,
                1,
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                LogContext.deviceThreads("fleetops-action", deviceId));
        this.actions.allowCoreThreadTimeOut(true);
        this.connection =
                Executors.newSingleThreadScheduledExecutor(LogContext.deviceThreads("fleetops-connection", deviceId));
        this.keeper = new ConnectionKeeper(session, connection, config.backoff(), this::resync);
        this.ctx = new ActionContext(
                live,
                new Reporter(session),
                config.clock(),
                keeper,
                config.sleeper(),
                config.downloader(),
                config.defaultRebootDelay(),
                config.factoryVersion(),
                config.updates(),
                stopping,
                lastReported::get);
        this.handlers = config.handlers();
        this.dispatcher = new MethodReceiver(
                ctx,
                handlers,
                new RequestDecider(config.newIds(), handlers),
                actions,
                logUploads == null ? null : logUploads::handle,
                a -> {
                    LogContext.operation(a.operation().operationId());
                    try {
                        guarded(
                                        a.operation().action().methodName(),
                                        () -> run(handlers.of(a.operation().action()), a))
                                .run();
                    } finally {
                        LogContext.operation(null);
                    }
                    // A desired goal refused as busy may be actionable now.
                    later(this::convergeFromHub);
                });
        this.desired = new DesiredConvergence(ctx, dispatcher::handle);
    }

    /**
     * Boots the device: counts the boot, recovers an interrupted operation, connects (retrying in the
     * background if the hub is unreachable) and starts answering methods.
     *
     * @param live the state loaded from disk (see {@link Startup})
     */
    public static DeviceAgent start(HubSession session, LiveState live, AgentConfig config) {
        return start(session, live, config, null);
    }

    /** As {@link #start(HubSession, LiveState, AgentConfig)}; {@code deviceId} (if not null) goes into every log line. */
    public static DeviceAgent start(HubSession session, LiveState live, AgentConfig config, String deviceId) {
        return start(session, live, config, deviceId, null);
    }

    /** As {@link #start(HubSession, LiveState, AgentConfig, String)}, answering {@code uploadLogs} with {@code logs}. */
    public static DeviceAgent start(
            HubSession session,
            LiveState live,
            AgentConfig config,
            String deviceId,
            dev.fleetops.device.logupload.LogUploads logs) {
        DeviceAgent agent = new DeviceAgent(session, live, config, deviceId, logs);
        LogContext.asDevice(deviceId, agent::boot);
        return agent;
    }

    private void boot() {
        String now = ctx.now();
        // A boot of a slot on trial is counted in the same save, so a boot loop is seen even if the
        // device dies again before doing anything else.
        live.update(s -> s.booted(null).withSlots(s.slots().bootedOnTrial()).audited(now, "boot"));
        LogContext.operation(recoveringId());
        Operation interrupted = live.get().current();
        ActionHandler.Resumption resumption;
        try {
            resumption = new StartupRecovery(ctx, handlers).recover();
        } finally {
            LogContext.operation(null);
        }
        // Method callbacks run on the SDK's threads; give them this device's log context per call.
        session.setMethodHandler(
                (name, payload) -> LogContext.asDevice(deviceId, () -> dispatcher.handle(name, payload)));
        // Notifications may carry only the changed part; re-read the whole desired document instead.
        session.setDesiredHandler(d -> later(this::convergeFromHub));
        session.setConnectionListener(new ConnectionListener() {
            @Override
            public void onReconnected() {
                keeper.reconnected();
            }

            @Override
            public void onLost(String reason) {
                keeper.lost(reason);
            }
        });
        keeper.on();
        if (resumption != null) {
            actions.execute(resumed(interrupted.action().methodName(), resumption));
        }
        handlers.forEach(h -> {
            ActionHandler.Resumption after = h.afterBoot(ctx);
            if (after != null) {
                String what = h.action().methodName() + " after boot";
                actions.execute(() -> {
                    try {
                        after.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // stopping; it runs again at the next start
                    } catch (RuntimeException e) {
                        // No operation of its own to end: an operation accepted meanwhile is not this work's to fail.
                        LOG.error("{} failed unexpectedly", what, e);
                    }
                });
            }
        });
    }

    private Runnable resumed(String what, ActionHandler.Resumption body) {
        String op = recoveringId();
        return () -> {
            LogContext.operation(op);
            try {
                guarded(what, body::run).run();
            } finally {
                LogContext.operation(null);
            }
        };
    }

    private String recoveringId() {
        return live.get().current() == null ? null : live.get().current().operationId();
    }

    /** Answers one direct method; called on a transport thread, never blocks on the network. */
    public MethodResult onMethod(String name, JsonElement payload) {
        return dispatcher.handle(name, payload);
    }

    @SuppressWarnings("unchecked") // the handler of the operation's action accepted it, with a request of its type
    private <Q extends ActionRequest> void run(ActionHandler<Q> handler, Decision.Accept a)
            throws InterruptedException {
        handler.run(ctx, a.operation(), (Q) a.request());
    }

    /** Ends the current operation, if any, in its action's failure status. */
    private void failCurrent(ErrorInfo error) {
        Operation op = live.get().current();
        if (op != null) {
            handlers.of(op.action()).fail(ctx, error);
        }
    }

    /** Runs on every (re)connect: re-read the twin, let each action finish what needs the hub, re-publish iothubDM. */
    private void resync() {
        try {
            lastReported.set(session.getReported());
        } catch (HubException e) {
            LOG.warn("cannot re-read twin after connect: {}", e.getMessage());
        }
        handlers.forEach(h -> h.resynced(ctx));
        // The zone rides along: "timeZone": "device" windows are read in it, and the back-end can see which it is.
        ctx.reporter()
                .send(Patches.merge(
                        Patches.full(live.get()),
                        DmReported.timeZonePatch(ctx.clock().getZone())));
        convergeFromHub();
    }

    private void later(Runnable r) {
        try {
            connection.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("stopping; not re-reading desired properties");
        }
    }

    /** Reads the desired goals and acts on those that changed, e.g. while the device was offline. */
    private void convergeFromHub() {
        if (!keeper.isConnected()) {
            return;
        }
        try {
            desired.converge(session.getDesired());
        } catch (HubException e) {
            LOG.warn("cannot read desired properties: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("acting on desired properties failed", e);
        }
    }

    /**
     * Drops off the network for {@code duration} (the session is closed, reconnects are held off), then
     * reconnects and re-syncs as after any outage. Used by the fleet simulator's "offline" profile.
     */
    public void goOffline(Duration duration) {
        keeper.off();
        try {
            connection.schedule(keeper::on, duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("stopping; staying offline");
        }
    }

    public boolean isConnected() {
        return keeper.isConnected();
    }

    /** Duration of the last successful connect (TLS + MQTT CONNECT + subscriptions), or null before the first. */
    public Duration lastConnectDuration() {
        long n = keeper.lastOpenNanos();
        return n < 0 ? null : Duration.ofNanos(n);
    }

    public DeviceState state() {
        return live.get();
    }

    /** Waits until queued actions and connection work are done; for tests and orderly shutdown. */
    public void awaitIdle(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            actions.submit(() -> {}).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            connection.submit(() -> {}).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        LogContext.asDevice(deviceId, this::stop);
    }

    private void stop() {
        LOG.info("stopping: closing the hub session");
        stopping.set(true);
        if (logUploads != null) {
            logUploads.close();
        }
        actions.shutdownNow();
        keeper.shutdown();
        connection.shutdownNow();
        try {
            actions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Runnable guarded(String what, ThrowingRunnable body) {
        return () -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                // Shutting down mid-action: the persisted step lets the next start recover it.
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("{} failed unexpectedly; ending the operation", what, e);
                try {
                    failCurrent(new ErrorInfo(
                            dev.fleetops.contract.DeviceErrorCodes.INTERNAL_ERROR, what + " failed: " + e));
                    keeper.on(); // the action may have failed while the simulated power was off
                } catch (RuntimeException again) {
                    // Typically the disk is gone; the persisted step lets the next start recover it.
                    LOG.error("cannot record the failure of {}", what, again);
                }
            }
        };
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws InterruptedException;
    }
}
