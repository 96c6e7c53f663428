package dev.fleetops.functions.iothub;

/**
 * Direct-method timeouts, in seconds, within IoT Hub's limits (response 5-300, connect 0-300).
 * {@link #httpReadTimeoutSeconds()} exists because iot-service-client 2.1.9 ignores the method
 * timeouts on the client side and gives up after its 24 s HTTP read timeout otherwise.
 */
public record MethodTimeouts(int responseSeconds, int connectSeconds) {
    public MethodTimeouts {
        if (responseSeconds < 5 || responseSeconds > 300) {
            throw new IllegalArgumentException("'responseSeconds' must be between 5 and 300.");
        }
        if (connectSeconds < 0 || connectSeconds > 300) {
            throw new IllegalArgumentException("'connectSeconds' must be between 0 and 300.");
        }
    }

    /** Long enough for the hub to wait for the device to connect and then to answer, plus slack. */
    public int httpReadTimeoutSeconds() {
        return responseSeconds + connectSeconds + 10;
    }
}
