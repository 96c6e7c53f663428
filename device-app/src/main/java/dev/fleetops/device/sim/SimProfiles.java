package dev.fleetops.device.sim;

import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.action.Downloader;
import dev.fleetops.device.action.HealthWatch;
import dev.fleetops.device.action.PostUpdateWatch;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.transport.MethodResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** Turns a {@link Behaviour} into the agent hooks that produce it. Pure apart from the callbacks it is given. */
public final class SimProfiles {
    /** Where a crashing device dies during its first update. */
    public static final String CRASH_STEP = "applying";

    static final Duration SLOW_CHUNK_PAUSE = Duration.ofMillis(500);

    /** The watch a "regress" device gets when the fleet runs without one, so it can regress at all. */
    public static final HealthWatch REGRESS_WATCH = HealthWatch.ofSeconds(5, 1);

    private SimProfiles() {}

    /** Thrown at {@link #CRASH_STEP} to stop a "crash" device's agent dead, as kill -9 would. */
    public static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash at " + CRASH_STEP, null, false, false);
        }
    }

    /**
     * @param onCrash runs (once) when a "crash" device dies; it must restart the device on its state directory
     */
    public static UpdateSettings updates(Behaviour b, UpdateSettings base, Runnable onCrash) {
        return switch (b) {
            case FAIL_HEALTH -> base.withSelfTest(version -> "simulated self-test failure");
            case REJECT ->
                base.withGate(name -> new MethodResult(
                        MethodStatus.DEVICE_ERROR,
                        StrictJson.GSON.toJsonTree(MethodAck.rejected(null, "device rejects requests (simulated)"))));
            case CRASH -> {
                AtomicBoolean crashed = new AtomicBoolean();
                yield base.withSteps(step -> {
                    if (step.equals(CRASH_STEP) && crashed.compareAndSet(false, true)) {
                        onCrash.run();
                        throw new SimulatedCrash();
                    }
                });
            }
            case REGRESS -> {
                // Fails only while a watch runs: the check at install (before it) and at start-up pass.
                AtomicBoolean watching = new AtomicBoolean();
                UpdateSettings watched = base.watch().on() ? base : base.withWatch(REGRESS_WATCH);
                yield watched.withSteps(step -> {
                            switch (step) {
                                case PostUpdateWatch.STEP_PROVISIONAL -> watching.set(true);
                                case PostUpdateWatch.STEP_COMMITTED,
                                        PostUpdateWatch.STEP_ROLLED_BACK,
                                        PostUpdateWatch.STEP_DROPPED -> watching.set(false);
                                default -> {}
                            }
                        })
                        .withSelfTest(version -> watching.get()
                                ? "simulated regression: version " + version + " fails after install"
                                : null);
            }
            case NORMAL, SLOW, FAIL_DOWNLOAD, OFFLINE -> base;
        };
    }

    /**
     * @param shared     the fleet's downloader (one HTTP client trusting the hub's CA)
     * @param untrusting a downloader trusting only the JDK's CAs, so local packages fail to download
     */
    public static Downloader downloader(Behaviour b, Downloader shared, Downloader untrusting) {
        return switch (b) {
            case SLOW -> shared.slowed(SLOW_CHUNK_PAUSE);
            case FAIL_DOWNLOAD -> untrusting;
            default -> shared;
        };
    }
}
