package dev.fleetops.core.inventory;

/**
 * One device as the inventory lists it; any value the twin lacks is null.
 *
 * @param connectionState  {@code Connected} or {@code Disconnected}, as the hub reports it
 * @param lastActivityTime the hub's last activity time of the device (ISO-8601)
 * @param firmwareVersion  the reported {@code iothubDM.firmwareVersion}
 * @param lastAction       the action section updated last, or null when the device reported none
 */
public record InventoryDevice(
        String deviceId,
        String connectionState,
        String lastActivityTime,
        String firmwareVersion,
        LastAction lastAction) {}
