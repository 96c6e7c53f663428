package dev.fleetops.functions.iothub;

/**
 * Direct-method timeouts, in seconds, within IoT Hub's limits (response 5-300, connect 0-300) and within
 * {@link #MAX_WAIT_SECONDS} together. {@link #httpReadTimeoutSeconds()} exists because iot-service-client
 * 2.1.9 ignores the method timeouts on the client side and gives up after its 24 s HTTP read timeout
 * otherwise.
 */
public record MethodTimeouts(int responseSeconds, int connectSeconds) {
    /**
     * The most {@code responseSeconds + connectSeconds} may add up to. A device action is one HTTP request
     * that waits for the method: up to {@link IotHubClients}' 10 s TCP connect plus
     * {@link #httpReadTimeoutSeconds()}, i.e. 10 + 200 + 10 = 220 s, under the 230 s in which an
     * HTTP-triggered function must answer regardless of its timeout (Azure Load Balancer idle timeout;
     * "Function app timeout duration" in https://learn.microsoft.com/azure/azure-functions/functions-scale).
     * infra/bicep/main.bicep enforces the same sum at deployment.
     */
    public static final int MAX_WAIT_SECONDS = 200;

    public MethodTimeouts {
        if (responseSeconds < 5 || responseSeconds > 300) {
            throw new IllegalArgumentException("'responseSeconds' must be between 5 and 300.");
        }
        if (connectSeconds < 0 || connectSeconds > 300) {
            throw new IllegalArgumentException("'connectSeconds' must be between 0 and 300.");
        }
        if (responseSeconds + connectSeconds > MAX_WAIT_SECONDS) {
            throw new IllegalArgumentException(
                    "'responseSeconds' + 'connectSeconds' must not exceed " + MAX_WAIT_SECONDS + ".");
        }
    }

    /** Long enough for the hub to wait for the device to connect and then to answer, plus slack. */
    public int httpReadTimeoutSeconds() {
        return responseSeconds + connectSeconds + 10;
    }
}
