package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.TimeZones;
import dev.fleetops.core.hub.DeviceIds;
import dev.fleetops.core.hub.TwinQueries;
import dev.fleetops.core.rollout.DeviceZones;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the zones of the devices a tick may dispatch, for a maintenance window in each device's own time: the twin
 * tag {@code timeZone} (set by operators) wins over the reported {@code timeZone} (sent by the agent). A twin holds
 * anything: only IANA region ids the JDK knows count ({@link TimeZones}); anything else is no zone, and the device
 * gets {@link DeviceZones#FALLBACK}. Only devices whose window must be decided are read, {@value #PER_QUERY} per query,
 * and a device whose window is closed is not read again before it opens.
 */
public final class DeviceZoneReader {
    /** Device ids per query: 50 ids of up to 128 characters stay well within IoT Hub's 8 KB query text. */
    static final int PER_QUERY = 50;

    private final TwinQueries twins;

    public DeviceZoneReader(TwinQueries twins) {
        this.twins = twins;
    }

    public DeviceZones read(List<String> deviceIds) {
        Map<String, ZoneId> out = new HashMap<>();
        // An id with a quote cannot go into a query literal: that device is read as having no zone.
        List<String> safe = deviceIds.stream()
                .filter(id -> DeviceIds.isValid(id) && !id.contains("'"))
                .distinct()
                .toList();
        for (int i = 0; i < safe.size(); i += PER_QUERY) {
            for (JsonObject row :
                    twins.query(query(safe.subList(i, Math.min(safe.size(), i + PER_QUERY))), PER_QUERY)) {
                String id = string(row.get("deviceId"));
                if (id == null) {
                    continue;
                }
                zone(string(row.get("tagZone")))
                        .or(() -> zone(string(row.get("reportedZone"))))
                        .ifPresent(z -> out.put(id, z));
            }
        }
        return new DeviceZones(out);
    }

    /** The query for {@code deviceIds}, which must be valid device ids (they cannot hold a quote). */
    static String query(List<String> deviceIds) {
        List<String> quoted = new ArrayList<>();
        for (String id : deviceIds) {
            if (!DeviceIds.isValid(id) || id.contains("'")) {
                throw new IllegalArgumentException("not a query-safe device id");
            }
            quoted.add("'" + id + "'");
        }
        return "SELECT deviceId, tags.timeZone AS tagZone, properties.reported.timeZone AS reportedZone FROM devices"
                + " WHERE deviceId IN " + quoted.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    private static java.util.Optional<ZoneId> zone(String id) {
        return id == null || id.length() > TimeZones.MAX_LENGTH ? java.util.Optional.empty() : TimeZones.parse(id);
    }

    private static String string(JsonElement e) {
        return e instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }
}
