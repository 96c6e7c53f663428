package dev.fleetops.functions.iothub;

import com.google.gson.JsonElement;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodRequestOptions;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import dev.fleetops.core.hub.MethodInvoker;
import java.io.IOException;

/** {@link MethodInvoker} on the IoT Hub service SDK. */
public final class IotHubMethodInvoker implements MethodInvoker {
    private final DirectMethodsClient client;
    private final MethodTimeouts timeouts;
    private final Runnable beforeCall;

    /** @param beforeCall runs before each call (credential renewal) */
    public IotHubMethodInvoker(DirectMethodsClient client, MethodTimeouts timeouts, Runnable beforeCall) {
        this.client = client;
        this.timeouts = timeouts;
        this.beforeCall = beforeCall;
    }

    @Override
    public MethodCallResult invoke(String deviceId, String methodName, JsonElement payload) {
        DirectMethodRequestOptions options = DirectMethodRequestOptions.builder()
                .payload(payload)
                .methodResponseTimeoutSeconds(timeouts.responseSeconds())
                .methodConnectTimeoutSeconds(timeouts.connectSeconds())
                .build();
        try {
            beforeCall.run();
            DirectMethodResponse response = client.invoke(deviceId, methodName, options);
            int status = response.getStatus() == null ? 0 : response.getStatus();
            return new MethodAnswer(status, response.getPayloadAsJsonElement());
        } catch (IotHubException | IOException | IllegalArgumentException e) {
            return IotHubErrors.translate(e);
        }
    }
}
