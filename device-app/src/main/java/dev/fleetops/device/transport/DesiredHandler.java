package dev.fleetops.device.transport;

import com.google.gson.JsonObject;

/** Receives desired properties; runs on a transport thread, so it must return quickly. */
@FunctionalInterface
public interface DesiredHandler {
    void onDesired(JsonObject desired);
}
