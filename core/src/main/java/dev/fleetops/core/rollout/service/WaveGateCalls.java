package dev.fleetops.core.rollout.service;

import dev.fleetops.core.rollout.GateVerdict;
import dev.fleetops.core.rollout.WaveGates;

/**
 * Port: asks an external gate whether the next wave may open. The adapter POSTs {@code body} (JSON) with the gate's
 * timeout, never follows a redirect, checks the address against the deployment's URL policy before every request, reads
 * at most a few KiB of the answer and turns it into a verdict with {@link GateAnswer#read}. It never throws: whatever
 * goes wrong is {@link GateVerdict.Decision#WAIT} with the reason.
 */
@FunctionalInterface
public interface WaveGateCalls {
    WaveGateCalls NONE = (gate, body) -> GateVerdict.waiting("no external gate caller is configured");

    GateVerdict ask(WaveGates.ExternalGate gate, String body);
}
