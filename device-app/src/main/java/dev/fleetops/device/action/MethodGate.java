package dev.fleetops.device.action;

import dev.fleetops.device.transport.MethodResult;

/**
 * Looks at a direct method before the agent does; the fleet simulator's "rejects" profile answers for
 * the agent. Returns null to let the agent handle the call.
 */
@FunctionalInterface
public interface MethodGate {
    MethodGate OPEN = name -> null;

    MethodResult before(String methodName);
}
