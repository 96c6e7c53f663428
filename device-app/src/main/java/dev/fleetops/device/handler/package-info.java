/**
 * Handlers: the device's own executables that do the real work of a step (install into the inactive partition,
 * reboot, self-test, commit, roll back, factory reset), called by the agent with a fixed argument vector and
 * environment, bounded in time and output. {@link dev.fleetops.device.handler.StepHandler#SIMULATED} (the default)
 * leaves every step to the agent's built-in simulation.
 */
package dev.fleetops.device.handler;
