/**
 * Rollouts as a service around the engine: creating them from a request, the reconciliation tick ({@code
 * RolloutTicker}, I/O only), operator commands and reads ({@code RolloutControl}), and the storage port ({@code
 * RolloutStore}).
 */
package dev.fleetops.core.rollout.service;
