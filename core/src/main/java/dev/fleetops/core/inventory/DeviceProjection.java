package dev.fleetops.core.inventory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.DmReported;
import dev.fleetops.contract.Timestamps;
import java.time.Instant;
import java.util.List;

/**
 * Turns a list row ({@link InventoryQueries#list}) into an {@link InventoryDevice}. Reported values are the device's
 * word and read defensively ({@link DmReported}): a malformed section reads as absent, never as a failed page.
 */
final class DeviceProjection {
    private DeviceProjection() {}

    static InventoryDevice of(JsonObject row, List<Action<?, ?>> actions) {
        JsonObject reported = new JsonObject();
        if (row.get(InventoryQueries.DM) instanceof JsonObject dm) {
            reported.add(DmReported.PROPERTY, dm);
        }
        DmReported dm = DmReported.fromReported(reported);
        return new InventoryDevice(
                string(row.get("deviceId")),
                string(row.get("connectionState")),
                lastActivity(string(row.get("lastActivityTime"))),
                dm.firmwareVersion(),
                lastAction(dm, actions));
    }

    /**
     * IoT Hub answers {@code 0001-01-01T00:00:00Z} for a device that was never active; that is no time, so it is left
     * out like any value the twin lacks.
     */
    static String lastActivity(String time) {
        return Timestamps.parse(time).filter(t -> t.isAfter(Instant.EPOCH)).isPresent() ? time : null;
    }

    /**
     * The section updated last (by {@code updatedAt}, else {@code startedAt}); a section without a readable time counts
     * as oldest, and of equal times the first in {@code actions} order wins, so the choice never depends on row order.
     */
    static LastAction lastAction(DmReported dm, List<Action<?, ?>> actions) {
        ActionReport latest = null;
        Instant latestAt = null;
        for (Action<?, ?> a : actions) {
            ActionReport r = dm.section(a);
            if (r == null) {
                continue;
            }
            Instant at = Timestamps.parse(r.updatedAt())
                    .or(() -> Timestamps.parse(r.startedAt()))
                    .orElse(Instant.MIN);
            if (latest == null || at.isAfter(latestAt)) {
                latest = r;
                latestAt = at;
            }
        }
        if (latest == null) {
            return null;
        }
        return new LastAction(
                latest.action().methodName(),
                latest.status() == null ? null : latest.status().wireName(),
                Outcome.of(latest.status()),
                latest.operationId(),
                latest.updatedAt(),
                latest.error() == null ? null : latest.error().code());
    }

    private static String string(JsonElement e) {
        return e instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }
}
