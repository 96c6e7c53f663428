package dev.fleetops.localhub.hub;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Device-to-cloud messages: each is stamped with its arrival time, kept in a bounded buffer and counts as activity. */
final class DeviceTelemetry {
    private final TelemetryBuffer buffer;
    private final Clock clock;
    private final DeviceConnections connections;

    DeviceTelemetry(int capacity, Clock clock, DeviceConnections connections) {
        this.buffer = new TelemetryBuffer(capacity);
        this.clock = clock;
        this.connections = connections;
    }

    void accept(String deviceId, Map<String, String> properties, byte[] body) {
        buffer.add(new TelemetryMessage(deviceId, clock.instant(), properties, body));
        connections.touch(deviceId);
    }

    /** The buffered messages, oldest first. */
    List<TelemetryMessage> messages() {
        return buffer.snapshot();
    }
}
