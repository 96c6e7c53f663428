package dev.fleetops.core.firmware;

import java.time.Duration;

/**
 * How long a device's read link lives: as long as FleetOps waits for that device to finish, so a device that started
 * its download in time can finish it (and resume it after a drop), and no longer: a link that leaks (device logs,
 * a proxy) is useless soon after. Bounded below so a short timeout still leaves time to download, and above by a
 * day (user delegation keys live 7 days at most; a day keeps the twin free of anything long-lived).
 */
public final class ReadLinkLifetime {
    public static final Duration MIN = Duration.ofMinutes(15);
    public static final Duration MAX = Duration.ofHours(24);

    private ReadLinkLifetime() {}

    public static Duration forTimeout(Duration perDeviceTimeout) {
        if (perDeviceTimeout == null || perDeviceTimeout.compareTo(MIN) < 0) {
            return MIN;
        }
        return perDeviceTimeout.compareTo(MAX) > 0 ? MAX : perDeviceTimeout;
    }
}
