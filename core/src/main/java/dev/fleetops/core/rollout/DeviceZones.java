package dev.fleetops.core.rollout;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The zones of the devices a tick may dispatch, for a maintenance window in each device's own time ({@code
 * "timeZone": "device"}): read by the ticker from their twins (tag {@code timeZone}, else the reported {@code
 * timeZone} the agent sends). A device whose twin names no valid zone gets {@link #FALLBACK}.
 */
public record DeviceZones(Map<String, ZoneId> byDevice) {
    public static final ZoneId FALLBACK = ZoneOffset.UTC;
    public static final DeviceZones NONE = new DeviceZones(Map.of());

    public DeviceZones {
        byDevice = Map.copyOf(byDevice);
    }

    public ZoneId of(String deviceId) {
        return byDevice.getOrDefault(deviceId, FALLBACK);
    }
}
