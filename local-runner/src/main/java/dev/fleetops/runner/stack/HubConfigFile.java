package dev.fleetops.runner.stack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of the local hub's {@code local-hub.json} the stack tools need. The file holds keys, so
 * error messages name the file and the missing field, never a value.
 *
 * @param serviceEndpoint          {@code host:port} of the hub's HTTPS service API
 * @param serviceConnectionString  the {@code iothubowner} connection string
 * @param deviceIds                the pre-registered devices, in the order the fleet simulator takes them
 */
public record HubConfigFile(
        String serviceEndpoint, String serviceConnectionString, Path caFile, List<String> deviceIds) {

    /** @throws IllegalArgumentException if the file cannot be read or lacks a field */
    public static HubConfigFile read(Path file) {
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot read the hub config " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        List<String> ids = new ArrayList<>();
        if (o.get("devices") != null && o.get("devices").isJsonArray()) {
            for (JsonElement d : o.getAsJsonArray("devices")) {
                ids.add(d.getAsJsonObject().get("deviceId").getAsString());
            }
        }
        return new HubConfigFile(
                field(o, "serviceEndpoint", file),
                field(o, "serviceConnectionString", file),
                Path.of(field(o, "caFile", file)),
                List.copyOf(ids));
    }

    private static String field(JsonObject o, String name, Path file) {
        JsonElement e = o.get(name);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("the hub config " + file + " has no '" + name + "'");
        }
        return e.getAsString();
    }
}
