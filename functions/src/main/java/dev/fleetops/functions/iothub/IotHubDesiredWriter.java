package dev.fleetops.functions.iothub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinCollection;
import dev.fleetops.core.hub.DesiredWriter;
import dev.fleetops.core.hub.HubFailure;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** {@link DesiredWriter} on the IoT Hub service SDK (a twin PATCH of desired properties only). */
public final class IotHubDesiredWriter implements DesiredWriter {
    private final TwinClient client;
    private final Runnable beforeCall;

    public IotHubDesiredWriter(TwinClient client, Runnable beforeCall) {
        this.client = client;
        this.beforeCall = beforeCall;
    }

    @Override
    public Optional<HubFailure> patchDesired(String deviceId, JsonObject patch) {
        try {
            beforeCall.run();
            Twin twin = new Twin(deviceId);
            twin.getDesiredProperties().putAll(toCollection(patch));
            client.patch(twin);
            return Optional.empty();
        } catch (IotHubException | IOException | IllegalArgumentException e) {
            return Optional.of(IotHubErrors.translate(e));
        }
    }

    /** Nested objects must be TwinCollections too, or the SDK serializes them oddly. */
    static TwinCollection toCollection(JsonObject o) {
        TwinCollection c = new TwinCollection();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            JsonElement v = e.getValue();
            if (v.isJsonObject()) {
                c.put(e.getKey(), toCollection(v.getAsJsonObject()));
            } else if (v.isJsonNull()) {
                c.put(e.getKey(), null);
            } else if (v.getAsJsonPrimitive().isNumber()) {
                c.put(e.getKey(), v.getAsNumber());
            } else if (v.getAsJsonPrimitive().isBoolean()) {
                c.put(e.getKey(), v.getAsBoolean());
            } else {
                c.put(e.getKey(), v.getAsString());
            }
        }
        return c;
    }
}
