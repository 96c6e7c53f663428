package dev.fleetops.localhub.testsupport;

import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.transport.IotHubConnectionStatus;
import java.util.concurrent.Semaphore;

/** What the tests do with the unmodified Java device SDK's clients. */
public final class SdkClients {
    private SdkClients() {}

    /** Releases a permit of {@code connected} each time {@code client} reports CONNECTED. */
    public static void releaseOnConnect(DeviceClient client, Semaphore connected) {
        client.setConnectionStatusChangeCallback(
                c -> {
                    if (c.getNewStatus() == IotHubConnectionStatus.CONNECTED) {
                        connected.release();
                    }
                },
                null);
    }
}
