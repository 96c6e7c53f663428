package dev.fleetops.device.support;

import dev.fleetops.device.action.StepHook;

/**
 * Thrown by a {@link StepHook} to stop an agent dead at a step boundary: an Error, so no handler in the
 * agent records anything after it, as with a kill -9.
 */
public final class SimulatedCrash extends Error {
    public SimulatedCrash(String step) {
        super("simulated crash at " + step, null, false, false);
    }

    /** A hook that crashes the first time {@code step} is reached. */
    public static StepHook at(String step) {
        boolean[] fired = {false};
        return reached -> {
            if (reached.equals(step) && !fired[0]) {
                fired[0] = true;
                throw new SimulatedCrash(step);
            }
        };
    }
}
