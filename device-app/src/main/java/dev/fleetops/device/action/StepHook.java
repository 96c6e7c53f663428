package dev.fleetops.device.action;

/**
 * Called at every step boundary of an update, after the step is persisted and reported and before the
 * next one starts. Crash-injection tests make it stop the agent dead at a named boundary.
 */
@FunctionalInterface
public interface StepHook {
    StepHook NONE = step -> {};

    void reached(String step);
}
