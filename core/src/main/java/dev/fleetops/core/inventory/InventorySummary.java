package dev.fleetops.core.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compliance at a glance: how many devices report each firmware version and each status of each action.
 *
 * @param devices          the devices counted (the sum over {@code firmwareVersions}, devices without a version
 *                         included)
 * @param firmwareVersions devices per version, most devices first; {@code value} null counts devices that report none
 * @param actions          per action (method name, in {@code Action.all()} order), devices per status, most first;
 *                         {@code status} null counts devices that never reported the action
 * @param truncated        some dimension had more than {@link InventoryService#MAX_GROUPS} distinct values: only the
 *                         first page of its groups is counted, so its counts and {@code devices} are incomplete
 */
public record InventorySummary(
        long devices, List<VersionCount> firmwareVersions, Map<String, List<StatusCount>> actions, boolean truncated) {
    public InventorySummary {
        firmwareVersions = List.copyOf(firmwareVersions);
        actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
    }

    public record VersionCount(String version, long devices) {}

    public record StatusCount(String status, Outcome outcome, long devices) {}
}
