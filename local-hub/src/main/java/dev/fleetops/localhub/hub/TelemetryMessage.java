package dev.fleetops.localhub.hub;

import java.time.Instant;
import java.util.Map;

/** A device-to-cloud message the hub accepted, kept in a bounded buffer for tests and tools. */
public record TelemetryMessage(String deviceId, Instant receivedAt, Map<String, String> properties, byte[] body) {
    public TelemetryMessage {
        properties = Map.copyOf(properties);
    }
}
