/**
 * The wave gates' HTTP side (core.rollout.service's {@code WaveGateCalls}): asking an operation's external gate whether
 * its next wave may open.
 */
package dev.fleetops.functions.gates;
