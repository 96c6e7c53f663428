package dev.fleetops.functions.iothub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinCollection;
import dev.fleetops.core.hub.DesiredWriter;
import dev.fleetops.core.hub.GoalRemoval;
import dev.fleetops.core.hub.HubFailure;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** {@link DesiredWriter} on the IoT Hub service SDK (twin PATCHes of desired properties only; removal under the etag). */
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

    /** How often a removal re-reads the twin after losing the etag race before it reports a failure. */
    static final int REMOVE_TRIES = 3;

    @Override
    public GoalRemoval removeGoal(String deviceId, String property, Predicate<String> owns) {
        for (int i = 0; i < REMOVE_TRIES; i++) {
            try {
                beforeCall.run();
                Twin current = client.get(deviceId);
                Object goal = current.getDesiredProperties().get(property);
                Object operationId = goal instanceof Map<?, ?> m ? m.get("operationId") : null;
                if (!(operationId instanceof String id) || !owns.test(id)) {
                    return new GoalRemoval.NotOurs();
                }
                Twin removal = new Twin(deviceId);
                removal.getDesiredProperties().put(property, null);
                beforeCall.run();
                // Quoted, as the Node and Python service SDKs send it (docs/local-hub.md, "If-Match").
                client.patch(removal, "\"" + current.getETag() + "\"");
                return new GoalRemoval.Removed();
            } catch (IotHubPreconditionFailedException raced) {
                // Someone wrote the twin between our read and our write: read again and decide again.
            } catch (IotHubException | IOException | IllegalArgumentException e) {
                HubFailure f = IotHubErrors.translate(e);
                return f.kind() == HubFailure.Kind.DEVICE_NOT_FOUND
                        ? new GoalRemoval.NotOurs()
                        : new GoalRemoval.Failed(f);
            }
        }
        return new GoalRemoval.Failed(
                HubFailure.of(HubFailure.Kind.OTHER, "the twin kept changing; " + REMOVE_TRIES + " tries"));
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
