package dev.fleetops.device.handler;

/** Does one step of an action on the device; see {@link ExecHandler} for the contract with executables. */
@FunctionalInterface
public interface StepHandler {
    /**
     * The reference agent's simulation, the default (tests, the fleet simulator, a first try on a real device):
     * every step is left to the agent's built-in behaviour, i.e. slot files in the state directory and a
     * reboot that closes and reopens the hub session.
     */
    StepHandler SIMULATED = call -> StepOutcome.BUILT_IN;

    /** Runs {@code call}; interrupted when the agent shuts down, which must stop the step. */
    StepOutcome run(StepCall call) throws InterruptedException;

    /**
     * How long {@code step} may take. For the {@code reboot} step this also bounds the wait, after the handler
     * exited 0, for the machine to actually go down.
     */
    default java.time.Duration timeout(Step step) {
        return step.defaultTimeout();
    }
}
