package dev.fleetops.core.inventory;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ReportedPaths;
import dev.fleetops.core.rollout.service.TargetFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * The IoT Hub queries behind the inventory, built from the contract's paths and a validated filter only. The summary
 * asks one {@code GROUP BY} per dimension (IoT Hub's grammar groups by one property per query), with the aliases
 * {@value #VALUE} and {@value #COUNT}; a row without {@value #VALUE} is the group of devices that lack the property.
 */
final class InventoryQueries {
    static final String VALUE = "v";
    static final String COUNT = "n";
    /** The alias of the projected {@code iothubDM} object in list rows. */
    static final String DM = "dm";

    private InventoryQueries() {}

    /** One row per device: id, connection, last activity and its whole {@code iothubDM} report (a few hundred bytes). */
    static String list(TargetFilter filter) {
        return "SELECT deviceId, connectionState, lastActivityTime, " + ReportedPaths.DM + " AS " + DM + " FROM devices"
                + where(filter);
    }

    /** Devices per reported firmware version. */
    static String byFirmwareVersion(TargetFilter filter) {
        return groupBy(ReportedPaths.FIRMWARE_VERSION, filter);
    }

    /** Devices per reported status of {@code action}. */
    static String byStatus(Action<?, ?> action, TargetFilter filter) {
        return groupBy(ReportedPaths.status(action), filter);
    }

    /** Every query a request with {@code filter} may send, to check them against the hub's length limit up front. */
    static List<String> all(TargetFilter filter, List<Action<?, ?>> actions) {
        List<String> out = new ArrayList<>();
        out.add(list(filter));
        out.add(byFirmwareVersion(filter));
        actions.forEach(a -> out.add(byStatus(a, filter)));
        return out;
    }

    private static String groupBy(String path, TargetFilter filter) {
        return "SELECT " + path + " AS " + VALUE + ", COUNT() AS " + COUNT + " FROM devices" + where(filter)
                + " GROUP BY " + path;
    }

    private static String where(TargetFilter filter) {
        return filter == null ? "" : " WHERE " + filter.whereClause();
    }
}
