package dev.fleetops.functions.iothub;

import com.google.gson.JsonObject;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import com.microsoft.azure.sdk.iot.service.twin.TwinCollection;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.TwinLookup;
import dev.fleetops.core.hub.TwinReader;
import java.io.IOException;

/** {@link TwinReader} on the IoT Hub service SDK. */
public final class IotHubTwinReader implements TwinReader {
    private final TwinClient client;
    private final Runnable beforeCall;

    /** @param beforeCall runs before each call (credential renewal) */
    public IotHubTwinReader(TwinClient client, Runnable beforeCall) {
        this.client = client;
        this.beforeCall = beforeCall;
    }

    /** The SDK hands back its enum name (CONNECTED); the API shows IoT Hub's own spelling (Connected). */
    static String connectionState(String sdkValue) {
        if (sdkValue == null) {
            return null;
        }
        return sdkValue.equalsIgnoreCase("connected")
                ? "Connected"
                : sdkValue.equalsIgnoreCase("disconnected") ? "Disconnected" : sdkValue;
    }

    @Override
    public TwinLookup read(String deviceId) {
        try {
            beforeCall.run();
            Twin twin = client.get(deviceId);
            TwinCollection reported = twin.getReportedProperties();
            JsonObject json = reported == null ? new JsonObject() : reported.toJsonObject();
            return new DeviceTwin(
                    twin.getDeviceId() == null ? deviceId : twin.getDeviceId(),
                    connectionState(twin.getConnectionState()),
                    twin.getLastActivityTime(),
                    json);
        } catch (IotHubException | IOException | IllegalArgumentException e) {
            return IotHubErrors.translate(e);
        }
    }
}
