package dev.fleetops.device.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.device.action.ActionContext;
import dev.fleetops.device.action.FactoryResetAction;
import dev.fleetops.device.action.FirmwareUpdateAction;
import dev.fleetops.device.action.OperationFailer;
import dev.fleetops.device.action.Patches;
import dev.fleetops.device.action.RebootAction;
import dev.fleetops.device.action.Reporter;
import dev.fleetops.device.state.DeviceState;
import dev.fleetops.device.state.LiveState;
import dev.fleetops.device.transport.ConnectionListener;
import dev.fleetops.device.transport.HubException;
import dev.fleetops.device.transport.HubSession;
import dev.fleetops.device.transport.MethodResult;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device-management agent: answers {@code reboot}, {@code factoryReset} and {@code firmwareUpdate}
 * within the method callback (decide, persist, answer) and runs accepted actions one at a time on a
 * background thread. After every (re)connect it re-reads its twin and re-publishes {@code iothubDM}.
 * Create with {@link #start}; {@link #close} disconnects and stops the threads.
 */
public final class DeviceAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAgent.class);

    private final HubSession session;
    private final LiveState live;
    private final MethodDispatcher dispatcher;
    private final ExecutorService actions = Executors.newSingleThreadExecutor(named("fleetops-action"));
    private final ScheduledExecutorService connection =
            Executors.newSingleThreadScheduledExecutor(named("fleetops-connection"));
    private final ConnectionKeeper keeper;
    private final ActionContext ctx;
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    private final DesiredConvergence desired;
    /** The reported twin as last read; null until the first successful read after start-up. */
    private final AtomicReference<JsonObject> lastReported = new AtomicReference<>();

    private DeviceAgent(HubSession session, LiveState live, AgentConfig config) {
        this.session = session;
        this.live = live;
        this.keeper = new ConnectionKeeper(session, connection, config.backoff(), this::resync);
        this.ctx = new ActionContext(live, new Reporter(session), config.clock(), keeper, config.sleeper(),
                config.downloader(), config.defaultRebootDelay(), config.factoryVersion(), config.updates(), stopping);
        this.dispatcher = new MethodDispatcher(ctx, new RequestDecider(config.newIds()), actions,
                a -> {
                    guarded(a.operation().method().methodName(), () -> run(a)).run();
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
        DeviceAgent agent = new DeviceAgent(session, live, config);
        agent.boot();
        return agent;
    }

    private void boot() {
        String now = ctx.now();
        // A boot of a slot on trial is counted in the same save, so a boot loop is seen even if the
        // device dies again before doing anything else.
        live.update(s -> s.booted(null).withSlots(s.slots().bootedOnTrial()).audited(now, "boot"));
        RecoveryStep step = new StartupRecovery(ctx, lastReported::get).recover();
        session.setMethodHandler(dispatcher::handle);
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
        switch (step) {
            case CONTINUE_APPLY -> actions.execute(guarded("firmwareUpdate", () -> new FirmwareUpdateAction(ctx).apply()));
            case RESUME_DOWNLOAD -> actions.execute(guarded("firmwareUpdate", () -> new FirmwareUpdateAction(ctx).download()));
            case HEALTH_CHECK -> actions.execute(guarded("firmwareUpdate", () -> new FirmwareUpdateAction(ctx).healthCheck()));
            default -> { }
        }
    }

    /** Answers one direct method; called on a transport thread, never blocks on the network. */
    public MethodResult onMethod(String name, JsonElement payload) {
        return dispatcher.handle(name, payload);
    }

    private void run(Decision.Accept a) throws InterruptedException {
        switch (a.operation().method()) {
            case REBOOT -> new RebootAction(ctx).run(a.operation());
            case FACTORY_RESET -> new FactoryResetAction(ctx, lastReported::get).run(a.operation());
            case FIRMWARE_UPDATE -> new FirmwareUpdateAction(ctx).run((FirmwareUpdateRequest) a.request());
        }
    }

    /** Runs on every (re)connect: re-read the twin, finish a pending settings wipe, re-publish iothubDM. */
    private void resync() {
        try {
            lastReported.set(session.getReported());
        } catch (HubException e) {
            LOG.warn("cannot re-read twin after connect: {}", e.getMessage());
        }
        FactoryResetAction.clearReportedSettings(ctx, lastReported.get());
        ctx.reporter().send(Patches.full(live.get()));
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

    public DeviceState state() {
        return live.get();
    }

    /** Waits until queued actions and connection work are done; for tests and orderly shutdown. */
    public void awaitIdle(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            actions.submit(() -> { }).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            connection.submit(() -> { }).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        LOG.info("stopping: closing the hub session");
        stopping.set(true);
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
                    new OperationFailer(ctx).fail(new ErrorInfo(dev.fleetops.contract.DeviceErrorCodes.INTERNAL_ERROR, what + " failed: " + e));
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

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
