package dev.fleetops.bench.wire;

/**
 * Decides a wire device's answer to a direct method. Runs on the device's Netty event loop, shared with
 * hundreds of other devices: it must return at once (put any "work" into {@link MethodAnswer#delay()}, which the
 * device schedules on its event loop).
 */
@FunctionalInterface
public interface MethodHandler {
    /** @return the answer, or null for none at all (the hub's response timeout ends the call with 504101) */
    MethodAnswer answer(String deviceId, String methodName, byte[] payload);
}
