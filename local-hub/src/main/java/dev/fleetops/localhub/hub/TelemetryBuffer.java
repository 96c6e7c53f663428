package dev.fleetops.localhub.hub;

import java.util.ArrayDeque;
import java.util.List;

/** The most recent device-to-cloud messages; the oldest are dropped past the capacity. */
final class TelemetryBuffer {
    private final ArrayDeque<TelemetryMessage> messages = new ArrayDeque<>();
    private final int capacity;
    private long dropped;

    TelemetryBuffer(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(TelemetryMessage m) {
        if (messages.size() == capacity) {
            messages.removeFirst();
            dropped++;
        }
        messages.addLast(m);
    }

    synchronized List<TelemetryMessage> snapshot() {
        return List.copyOf(messages);
    }

    synchronized long dropped() {
        return dropped;
    }
}
