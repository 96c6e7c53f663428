package dev.fleetops.runner.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fleetops.runner.app.HttpInput;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP trigger's binding data, which {@code @BindingName} reads (WebJobs.Extensions.Http
 * {@code HttpTriggerAttributeBindingProvider.GetRequestBindingData}), in this order, each later one
 * replacing an earlier one of the same name in any case (the name keeps its first spelling):
 * <ol>
 *   <li>the top-level properties of a JSON object body, except arrays and nulls ({@code Utility.ApplyBindingData});</li>
 *   <li>every query parameter but {@code code}, with its last value, empty ones included;</li>
 *   <li>the route values (an optional route value that is absent is not there);</li>
 *   <li>{@code Query} and {@code Headers} as JSON objects, unless a name above took them.</li>
 * </ol>
 * The host then sends each entry to the worker by its name as spelled, and the worker looks names up exactly
 * ({@code BindingDataStore.getTriggerMetatDataByName}): {@code @BindingName("deviceid")} does not find {@code {deviceId}}.
 */
final class HttpTriggerMetadata {
    private static final Gson JSON =
            new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final Map<String, String> nameByLower = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    private HttpTriggerMetadata() {}

    /**
     * @param headersAsReceived header names as the HTTP server reports them (not lower-cased), values joined by {@code ,}
     */
    static Map<String, String> of(
            HttpInput in, QueryString query, Map<String, String> routeValues, Map<String, String> headersAsReceived) {
        HttpTriggerMetadata m = new HttpTriggerMetadata();
        if (in.body() != null) {
            m.bodyProperties(new String(in.body(), StandardCharsets.UTF_8));
        }
        query.lastValues().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("code")) {
                m.put(name, value);
            }
        });
        routeValues.forEach(m::put);
        if (!m.has("Query")) {
            m.put("Query", JSON.toJson(query.lastValues()));
        }
        if (!m.has("Headers")) {
            m.put("Headers", JSON.toJson(headersAsReceived));
        }
        return Map.copyOf(m.values);
    }

    /** {@code Utility.IsJson} (trimmed text starts and ends with braces or brackets), then {@code JObject.Parse}. */
    private void bodyProperties(String body) {
        String t = body.trim();
        if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) {
            return;
        }
        JsonObject object;
        try {
            JsonElement parsed = JsonParser.parseString(t);
            if (!parsed.isJsonObject()) {
                return;
            }
            object = parsed.getAsJsonObject();
        } catch (RuntimeException notJson) {
            return;
        }
        for (Map.Entry<String, JsonElement> p : object.entrySet()) {
            JsonElement v = p.getValue();
            if (v.isJsonArray() || v.isJsonNull()) {
                continue;
            }
            put(p.getKey(), v.isJsonObject() ? JSON.toJson(v) : text(v.getAsJsonPrimitive()));
        }
    }

    /** {@code (string)JValue}: strings as they are, numbers as written, booleans as .NET prints them. */
    private static String text(JsonPrimitive v) {
        if (v.isBoolean()) {
            return v.getAsBoolean() ? "True" : "False";
        }
        return v.getAsString();
    }

    private boolean has(String name) {
        return nameByLower.containsKey(name.toLowerCase(Locale.ROOT));
    }

    private void put(String name, String value) {
        String spelled = nameByLower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> name);
        values.put(spelled, value);
    }
}
