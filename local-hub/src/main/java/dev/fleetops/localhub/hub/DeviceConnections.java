package dev.fleetops.localhub.hub;

import java.time.Clock;
import java.time.Instant;

/**
 * Which connection ({@link DeviceLink}) each device has, whatever its transport, and when it connected or
 * disconnected and was last active. A device has at most one: a new connection takes over and its transport closes
 * the one it replaced (IoT Hub's rule for a client id used twice). The state lives in the device's
 * {@link DeviceEntry}, guarded by its monitor; links are closed outside it.
 */
final class DeviceConnections {
    private final DeviceRegistry registry;
    private final Clock clock;

    DeviceConnections(DeviceRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** As {@link Hub#attach}. */
    DeviceLink attach(String deviceId, DeviceLink link) {
        DeviceEntry e = registry.entry(deviceId);
        synchronized (e) {
            DeviceLink previous = e.link;
            e.link = link;
            Instant now = clock.instant();
            if (previous == null) {
                e.connectionStateUpdated = now;
            }
            e.lastActivity = now;
            return previous;
        }
    }

    /** As {@link Hub#detach}. */
    void detach(String deviceId, DeviceLink link) {
        DeviceEntry e = registry.entryOrNull(deviceId);
        if (e == null) {
            return;
        }
        synchronized (e) {
            if (e.link == link) {
                e.link = null;
                e.connectionStateUpdated = clock.instant();
            }
        }
    }

    /** Records activity of the device (a message, a request, an answer); unknown devices are ignored. */
    void touch(String deviceId) {
        DeviceEntry e = registry.entryOrNull(deviceId);
        if (e != null) {
            synchronized (e) {
                e.lastActivity = clock.instant();
            }
        }
    }

    boolean isConnected(String deviceId) {
        DeviceEntry e = registry.entryOrNull(deviceId);
        return e != null && e.link != null;
    }

    /** As {@link Hub#view}. */
    DeviceView view(String deviceId) {
        DeviceEntry e = registry.entry(deviceId);
        synchronized (e) {
            return new DeviceView(e.identity, e.connected(), e.connectionStateUpdated, e.lastActivity);
        }
    }

    /** As {@link Hub#dropConnection}. */
    boolean drop(String deviceId, String reason) {
        DeviceEntry e = registry.entryOrNull(deviceId);
        if (e == null) {
            return false;
        }
        DeviceLink link = e.currentLink();
        if (link != null) {
            link.close(reason);
        }
        return link != null;
    }

    /** As {@link Hub#dropAllConnections}. */
    int dropAll(String reason) {
        int n = 0;
        for (String id : registry.ids()) {
            n += drop(id, reason) ? 1 : 0;
        }
        return n;
    }
}
