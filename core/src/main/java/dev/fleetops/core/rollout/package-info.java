/**
 * The rollout engine, pure: a rollout's and each device execution's state, the transition tables that are the only
 * way to change them, waves, rate and retry policies, and {@code RolloutEngine}, which decides each tick.
 */
package dev.fleetops.core.rollout;
