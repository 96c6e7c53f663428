package dev.fleetops.device.sim;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of the local hub's {@code local-hub.json} the simulator needs: the CA, the devices and, for
 * {@code --x509}, the service API.
 *
 * @param service the registry's endpoint and owner connection string, or null when the file has none
 */
public record HubConfig(Path caFile, List<Device> devices, Service service) {
    public record Device(String deviceId, String connectionString) {
        @Override
        public String toString() {
            return "Device[" + deviceId + "]"; // the connection string holds the device's key
        }
    }

    /**
     * @param endpoint         {@code host:port} of the hub's HTTPS service API ({@code serviceEndpoint})
     * @param connectionString the {@code iothubowner} policy's connection string ({@code serviceConnectionString})
     */
    public record Service(String endpoint, String connectionString) {
        @Override
        public String toString() {
            return "Service[" + endpoint + ", key ***]";
        }
    }

    public HubConfig(Path caFile, List<Device> devices) {
        this(caFile, devices, null);
    }

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
        Service service = null;
        if (o.get("serviceEndpoint") instanceof JsonPrimitive endpoint
                && o.get("serviceConnectionString") instanceof JsonPrimitive cs) {
            service = new Service(endpoint.getAsString(), cs.getAsString());
        }
        return new HubConfig(Path.of(ca.getAsString()), List.copyOf(devices), service);
    }
}
