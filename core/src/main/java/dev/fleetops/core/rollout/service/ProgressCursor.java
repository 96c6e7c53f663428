package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the last progress read of an operation saw, stored with the operation so the next tick can tell
 * from one {@code GROUP BY} query whether any twin changed, and fetch only the rows reported since.
 *
 * @param watermark the newest {@code updatedAt} any device reported about this operation (device clock,
 *                  contract {@code Timestamps} format), or null before the first report
 * @param buckets   per {@code "<attempt operation id>|<status>"}: how many twins report it and the newest
 *                  {@code updatedAt} among them
 */
public record ProgressCursor(String watermark, Map<String, Bucket> buckets) {
    /** One row of the GROUP BY answer. */
    public record Bucket(long count, String latest) {}

    public ProgressCursor {
        buckets = Map.copyOf(buckets);
    }

    public static String key(String operationId, String status) {
        return operationId + "|" + status;
    }

    /** Compact JSON for the operation row (a few dozen buckets at most: attempts × statuses). */
    public String toJson() {
        JsonObject o = new JsonObject();
        if (watermark != null) {
            o.addProperty("w", watermark);
        }
        JsonObject b = new JsonObject();
        new TreeMap<>(buckets).forEach((k, v) -> {
            JsonObject x = new JsonObject();
            x.addProperty("n", v.count());
            if (v.latest() != null) {
                x.addProperty("t", v.latest());
            }
            b.add(k, x);
        });
        o.add("b", b);
        return o.toString();
    }

    /** The cursor in {@code json}, or null when it is missing or unreadable (the next read is then a full one). */
    public static ProgressCursor fromJson(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonObject o = StrictJson.parseObject(json);
            Map<String, Bucket> buckets = new TreeMap<>();
            if (o.get("b") instanceof JsonObject b) {
                for (Map.Entry<String, JsonElement> e : b.entrySet()) {
                    JsonObject x = e.getValue().getAsJsonObject();
                    buckets.put(
                            e.getKey(),
                            new Bucket(
                                    x.get("n").getAsLong(),
                                    x.has("t") ? x.get("t").getAsString() : null));
                }
            }
            return new ProgressCursor(o.has("w") ? o.get("w").getAsString() : null, buckets);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
