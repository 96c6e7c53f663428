package dev.fleetops.device.sim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The parts of the local hub's {@code local-hub.json} the simulator needs: the CA and the devices. */
public record HubConfig(Path caFile, List<Device> devices) {
    public record Device(String deviceId, String connectionString) {}

    /** @throws ConfigException if the file is missing or not a local-hub.json (the message never quotes keys) */
    public static HubConfig read(Path file) throws ConfigException {
        JsonObject o;
        try {
            o = StrictJson.parseObject(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(
                    "cannot read hub config " + file + ": " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            throw new ConfigException("hub config " + file + " is not valid JSON");
        }
        JsonElement ca = o.get("caFile");
        if (!(o.get("devices") instanceof JsonArray arr) || ca == null || !ca.isJsonPrimitive()) {
            throw new ConfigException("hub config " + file + " has no 'devices' list or 'caFile'");
        }
        List<Device> devices = new ArrayList<>();
        for (JsonElement e : arr) {
            if (e instanceof JsonObject d && d.has("deviceId") && d.has("connectionString")) {
                devices.add(new Device(
                        d.get("deviceId").getAsString(),
                        d.get("connectionString").getAsString()));
            }
        }
        return new HubConfig(Path.of(ca.getAsString()), List.copyOf(devices));
    }
}
