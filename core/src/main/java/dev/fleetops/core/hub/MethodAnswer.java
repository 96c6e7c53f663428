package dev.fleetops.core.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;

/**
 * The device answered a direct method.
 *
 * @param status  the status code the device chose (by FleetOps convention an HTTP-like code)
 * @param payload the device's payload, {@link JsonNull} if none
 */
public record MethodAnswer(int status, JsonElement payload) implements MethodCallResult {
    public MethodAnswer {
        payload = payload == null ? JsonNull.INSTANCE : payload;
    }
}
