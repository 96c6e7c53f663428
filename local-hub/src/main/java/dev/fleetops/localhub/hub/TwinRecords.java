package dev.fleetops.localhub.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.Map;

/**
 * Converts a device's twin to the record a {@link TwinStore} keeps and back, losslessly: values, section
 * versions, {@code $metadata} times (as exact instants) and the twin version, from which the etag derives.
 */
final class TwinRecords {
    private TwinRecords() {}

    /** Call with the entry's lock held. */
    static JsonObject of(DeviceEntry e) {
        TwinState t = e.twin;
        JsonObject r = new JsonObject();
        r.addProperty("id", e.identity.deviceId());
        r.addProperty("gen", e.identity.generationId());
        r.addProperty("v", t.version);
        r.add("tags", t.tags.deepCopy());
        r.add("desired", section(t.desired));
        r.add("reported", section(t.reported));
        return r;
    }

    /** Whether {@code record} belongs to this incarnation of the device (not to a deleted one with the same id). */
    static boolean matches(DeviceEntry e, JsonObject record) {
        JsonElement gen = record.get("gen");
        return gen != null && gen.isJsonPrimitive() && gen.getAsString().equals(e.identity.generationId());
    }

    /** Call with the entry's lock held. */
    static void restore(DeviceEntry e, JsonObject r) {
        TwinState t = e.twin;
        t.version = r.get("v").getAsLong();
        t.tags = r.getAsJsonObject("tags").deepCopy();
        restore(t.desired, r.getAsJsonObject("desired"));
        restore(t.reported, r.getAsJsonObject("reported"));
    }

    private static JsonObject section(TwinState.Section s) {
        JsonObject o = new JsonObject();
        o.add("values", s.values.deepCopy());
        o.addProperty("version", s.version);
        o.addProperty("lastUpdated", s.lastUpdated.toString());
        o.add("byKey", s.lastUpdatedByKey.deepCopy());
        return o;
    }

    private static void restore(TwinState.Section s, JsonObject o) {
        s.values = o.getAsJsonObject("values").deepCopy();
        s.version = o.get("version").getAsLong();
        s.lastUpdated = Instant.parse(o.get("lastUpdated").getAsString());
        s.lastUpdatedByKey.entrySet().clear();
        for (Map.Entry<String, JsonElement> k : o.getAsJsonObject("byKey").entrySet()) {
            s.lastUpdatedByKey.add(k.getKey(), k.getValue().deepCopy());
        }
    }
}
