package dev.fleetops.device.transport;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Converts between the SDK's {@link TwinCollection} (a map whose nested objects are maps) and Gson
 * trees. Twin documents hold no arrays, so none are produced; metadata keys starting with {@code $}
 * are dropped on the way in.
 */
final class TwinJson {
    private TwinJson() {}

    static JsonObject toJson(Map<String, Object> map) {
        JsonObject obj = new JsonObject();
        if (map == null) {
            return obj;
        }
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!e.getKey().startsWith("$")) {
                obj.add(e.getKey(), element(e.getValue()));
            }
        }
        return obj;
    }

    @SuppressWarnings("unchecked")
    private static JsonElement element(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Map<?, ?> m) {
            return toJson((Map<String, Object>) m);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof JsonElement j) {
            return j;
        }
        return new JsonPrimitive(v.toString());
    }

    /** A patch for {@code updateReportedProperties}; JSON nulls stay nulls, which delete properties. */
    static TwinCollection toTwin(JsonObject obj) {
        TwinCollection tc = new TwinCollection();
        for (Map.Entry<String, JsonElement> e : obj.entrySet()) {
            tc.put(e.getKey(), value(e.getValue()));
        }
        return tc;
    }

    private static Object value(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonObject()) {
            return toTwin(e.getAsJsonObject());
        }
        if (e.isJsonArray()) {
            throw new IllegalArgumentException("twin properties cannot hold arrays");
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            BigDecimal d = p.getAsBigDecimal();
            return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
        }
        return p.getAsString();
    }
}
