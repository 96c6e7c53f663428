package dev.fleetops.device.transport;

import com.google.gson.JsonElement;

/** Answers a direct method; must return quickly and never throw. */
@FunctionalInterface
public interface MethodHandler {
    /**
     * @param methodName the method name as invoked
     * @param payload    the request payload; JSON null when there was none
     */
    MethodResult handle(String methodName, JsonElement payload);
}
