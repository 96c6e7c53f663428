package dev.fleetops.localhub.hub;

import java.time.Instant;

/** Everything the hub holds for one device. Mutable fields are guarded by the entry's monitor. */
final class DeviceEntry {
    DeviceIdentity identity;
    final TwinState twin = new TwinState();
    DeviceLink link;
    Instant connectionStateUpdated = Instant.EPOCH;
    Instant lastActivity = Instant.EPOCH;

    DeviceEntry(DeviceIdentity identity) {
        this.identity = identity;
    }

    boolean connected() {
        return link != null;
    }

    /** The device's connection now, or null; for callers that do not hold the monitor. */
    synchronized DeviceLink currentLink() {
        return link;
    }
}
