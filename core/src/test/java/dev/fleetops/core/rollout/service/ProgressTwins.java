package dev.fleetops.core.rollout.service;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.core.hub.TwinQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the progress queries {@link DeviceProgress} builds from a map of twins, as the hub's query
 * engine would (the local hub's engine is tested against the real grammar in its own module): the
 * operation-id range, the {@code updatedAt >= since} filter, the projection and the GROUP BY counts.
 * Records every query so tests can count hub requests.
 */
public final class ProgressTwins implements TwinQueries {
    private static final Pattern SECTION =
            Pattern.compile("properties\\.reported\\.iothubDM\\.(\\w+)\\.operationId >= '([^']*)' AND "
                    + "properties\\.reported\\.iothubDM\\.\\w+\\.operationId < '([^']*)'");
    private static final Pattern SINCE = Pattern.compile("updatedAt >= '([^']*)'");

    private final Map<String, JsonObject> twins;
    final List<String> queries = new ArrayList<>();

    public ProgressTwins(Map<String, JsonObject> twins) {
        this.twins = twins;
    }

    @Override
    public synchronized List<JsonObject> query(String query, int maxRows) {
        queries.add(query);
        if (query.contains("properties.desired.")) {
            // Which twins still hold an operation's desired goal: these twins have reported properties only.
            return List.of();
        }
        Matcher m = SECTION.matcher(query);
        if (!m.find()) {
            throw new AssertionError("not a progress query: " + query);
        }
        String section = m.group(1);
        String from = m.group(2);
        String to = m.group(3);
        Matcher since = SINCE.matcher(query);
        String after = since.find() ? since.group(1) : null;
        List<JsonObject> matching = new ArrayList<>();
        for (JsonObject twin : twins.values()) {
            JsonObject s = section(twin, section);
            String op = s == null ? null : string(s, "operationId");
            if (op == null || op.compareTo(from) < 0 || op.compareTo(to) >= 0) {
                continue;
            }
            String updated = string(s, "updatedAt");
            if (after != null && (updated == null || updated.compareTo(after) < 0)) {
                continue; // an undefined comparison is not true
            }
            matching.add(twin);
        }
        List<JsonObject> out = new ArrayList<>();
        if (query.contains("GROUP BY")) {
            Map<String, JsonObject> groups = new TreeMap<>();
            for (JsonObject twin : matching) {
                JsonObject s = section(twin, section);
                JsonObject g = groups.computeIfAbsent(string(s, "operationId") + "|" + string(s, "status"), k -> {
                    JsonObject row = new JsonObject();
                    row.add("op", s.get("operationId"));
                    row.add("status", s.get("status"));
                    row.addProperty("n", 0);
                    return row;
                });
                g.addProperty("n", g.get("n").getAsLong() + 1);
                String updated = string(s, "updatedAt");
                if (updated != null
                        && (!g.has("latest")
                                || updated.compareTo(g.get("latest").getAsString()) > 0)) {
                    g.addProperty("latest", updated);
                }
            }
            out.addAll(groups.values());
        } else if (query.startsWith("SELECT deviceId, ")) {
            for (JsonObject twin : matching) {
                JsonObject row = new JsonObject();
                row.add("deviceId", twin.get("deviceId"));
                row.add("section", section(twin, section).deepCopy());
                out.add(row);
            }
        } else {
            matching.forEach(t -> out.add(t.deepCopy()));
        }
        return out.size() > maxRows ? out.subList(0, maxRows) : out;
    }

    synchronized int count() {
        return queries.size();
    }

    private static JsonObject section(JsonObject twin, String name) {
        JsonElement p = twin.get("properties");
        if (p instanceof JsonObject po
                && po.get("reported") instanceof JsonObject r
                && r.get("iothubDM") instanceof JsonObject dm
                && dm.get(name) instanceof JsonObject s) {
            return s;
        }
        return null;
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}
