package dev.fleetops.core.hub;

import com.google.gson.JsonObject;

/**
 * The parts of a device twin FleetOps reads.
 *
 * @param deviceId         the device
 * @param connectionState  {@code Connected} or {@code Disconnected} as the hub reports it, or null
 * @param lastActivityTime ISO-8601 time of the device's last activity, or null
 * @param reported         reported properties (never null; untrusted, written by the device)
 */
public record DeviceTwin(String deviceId, String connectionState, String lastActivityTime, JsonObject reported)
        implements TwinLookup {
    public DeviceTwin {
        reported = reported == null ? new JsonObject() : reported;
    }
}
