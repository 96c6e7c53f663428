package dev.fleetops.runner.stack.demo;

import dev.fleetops.device.sim.Behaviour;
import dev.fleetops.device.sim.ProfileMix;
import java.util.ArrayList;
import java.util.List;

/**
 * Which simulated devices misbehave. The fleet simulator assigns behaviours with {@link ProfileMix}
 * from (seed, device index); the demo asks the same code, so the devices it expects to fail are exactly
 * those the simulator runs with a failing self-test.
 *
 * @param healthy    devices that do everything right
 * @param failHealth devices whose self-test fails after every update (so updates roll back and fail)
 */
public record DemoFleet(List<String> healthy, List<String> failHealth) {
    /** Devices the canary rollout needs with a failing self-test (see {@link DemoScenario#canaryTargets}). */
    static final int FAILING_NEEDED = 4;

    static final int HEALTHY_NEEDED = 3;

    /**
     * @param deviceIds the simulator's devices in order (local-hub.json order, the first {@code count})
     * @throws DemoFailure if the mix has misbehaviours the demo cannot predict, or too few devices of either kind
     */
    public static DemoFleet of(List<String> deviceIds, String profile, long seed) {
        ProfileMix mix = ProfileMix.parse(profile);
        List<String> healthy = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        for (int i = 0; i < deviceIds.size(); i++) {
            Behaviour b = mix.assign(seed, i);
            switch (b) {
                case NORMAL -> healthy.add(deviceIds.get(i));
                case FAIL_HEALTH -> failing.add(deviceIds.get(i));
                default ->
                    throw new DemoFailure("the demo expects only normal and failHealth devices, but " + deviceIds.get(i)
                            + " is '" + b.key() + "' under --profile " + profile);
            }
        }
        if (failing.size() < FAILING_NEEDED || healthy.size() < HEALTHY_NEEDED) {
            throw new DemoFailure("the demo needs at least " + FAILING_NEEDED + " failHealth and " + HEALTHY_NEEDED
                    + " healthy devices; --profile " + profile + " --seed " + seed + " gives " + failing.size()
                    + " and "
                    + healthy.size() + " of " + deviceIds.size() + " (use more devices or another seed)");
        }
        return new DemoFleet(List.copyOf(healthy), List.copyOf(failing));
    }
}
