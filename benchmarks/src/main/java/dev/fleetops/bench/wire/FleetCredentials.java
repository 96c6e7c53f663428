package dev.fleetops.bench.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.localhub.hub.DeviceIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where a fleet's device credentials come from: a running hub's {@code local-hub.json}, or an in-process {@link LocalHub}. */
public final class FleetCredentials {

    /**
     * What {@code local-hub.json} says about a running hub.
     *
     * @param serviceEndpoint         {@code host:port} of the HTTPS service API
     * @param serviceConnectionString the {@code iothubowner} connection string
     */
    public record HubConfig(
            String hostName,
            int mqttPort,
            Path caFile,
            String serviceEndpoint,
            String serviceConnectionString,
            List<WireDevice.Credentials> devices) {

        /** Fleet options pointing at this hub: its MQTT port, trusting its CA. */
        public WireFleet.Options options(WireFleet.Options base) {
            return base.withMqttPort(mqttPort).withCaFile(caFile);
        }
    }

    private FleetCredentials() {}

    /**
     * Reads {@code local-hub.json} (the file a running hub writes into its state directory).
     *
     * @throws IllegalArgumentException if the file is missing a field; UncheckedIOException if it cannot be read
     */
    public static HubConfig fromLocalHubJson(Path file) {
        JsonObject c;
        try {
            c = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a local-hub.json object: " + e.getMessage(), e);
        }
        List<WireDevice.Credentials> devices = new ArrayList<>();
        for (JsonElement d : required(c, "devices", file).getAsJsonArray()) {
            devices.add(WireDevice.Credentials.fromConnectionString(
                    required(d.getAsJsonObject(), "connectionString", file).getAsString()));
        }
        return new HubConfig(
                required(c, "hostName", file).getAsString(),
                required(c, "mqttPort", file).getAsInt(),
                Path.of(required(c, "caFile", file).getAsString()),
                required(c, "serviceEndpoint", file).getAsString(),
                required(c, "serviceConnectionString", file).getAsString(),
                List.copyOf(devices));
    }

    /** Every device registered in an in-process hub, with its primary key. */
    public static List<WireDevice.Credentials> fromHub(LocalHub hub) {
        List<WireDevice.Credentials> out = new ArrayList<>();
        for (DeviceIdentity d : hub.hub().identities()) {
            out.add(new WireDevice.Credentials(d.deviceId(), hub.hub().hostName(), d.primaryKey()));
        }
        return out;
    }

    /**
     * Registers {@code count} devices {@code prefix001} … in an in-process hub with one registry write (10,000 take
     * well under a second) and returns their credentials; devices that already exist are reused.
     */
    public static List<WireDevice.Credentials> register(LocalHub hub, String prefix, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("'count' cannot be negative.");
        }
        List<String> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add(LocalHub.deviceId(prefix, i));
        }
        hub.hub().addDevices(ids);
        List<WireDevice.Credentials> out = new ArrayList<>(count);
        for (String id : ids) {
            DeviceIdentity d = hub.hub().device(id).orElseThrow();
            out.add(new WireDevice.Credentials(id, hub.hub().hostName(), d.primaryKey()));
        }
        return out;
    }

    private static JsonElement required(JsonObject o, String field, Path file) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException(file + " has no '" + field + "'.");
        }
        return e;
    }
}
