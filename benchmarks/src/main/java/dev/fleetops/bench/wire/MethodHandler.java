package dev.fleetops.bench.wire;

/**
 * Decides a wire device's answer to a direct method. Runs on the device's Netty event loop, shared with
 * hundreds of other devices: it must return at once (put any "work" into {@link MethodAnswer#delay()}).
 */
@FunctionalInterface
public interface MethodHandler {
    MethodAnswer answer(String deviceId, String methodName, byte[] payload);
}
