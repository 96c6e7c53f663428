package dev.fleetops.localhub.hub;

/**
 * A connected device as the hub sees it, implemented by a transport (MQTT over TCP or WebSocket).
 * Calls come from hub threads and must not block.
 */
public interface DeviceLink {
    /** Whether the device's session subscribes to {@code $iothub/methods/POST/#}. */
    boolean subscribedToMethods();

    /** Whether the device's session subscribes to desired-property notifications. */
    boolean subscribedToDesired();

    /** Delivers a direct-method request; the answer comes back through {@link Hub#methodResponse}. */
    void sendMethodRequest(String methodName, String requestId, byte[] payload);

    /** Delivers a desired-properties patch (the body includes {@code $version}). */
    void sendDesiredPatch(long version, byte[] body);

    /**
     * Cloud-to-device messages are waiting ({@link Hub#pendingCloudToDevice}): send those this connection has not
     * sent yet, if the device subscribes to them. Transports without cloud-to-device messages ignore it.
     */
    default void cloudToDeviceAvailable() {}

    /** Closes the connection, e.g. when another connection takes over the client id. */
    void close(String reason);
}
