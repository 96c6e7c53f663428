package dev.fleetops.localhub.mqtt;

/**
 * Bounds applied to every device connection; every packet is treated as hostile.
 *
 * @param maxPacketBytes        largest MQTT packet (remaining length) accepted; larger ones close the connection
 * @param connectTimeoutSeconds time a new connection (TLS handshake included) has to send CONNECT
 * @param maxTopicLength        longest topic name or subscription filter, in characters
 * @param maxRequestIdLength    longest {@code $rid} accepted from a device
 * @param maxMethodPayloadBytes largest direct-method response body (IoT Hub's limit is 128 KiB)
 * @param maxSubscriptions      most topic filters one session may hold
 */
public record MqttLimits(
        int maxPacketBytes,
        int connectTimeoutSeconds,
        int maxTopicLength,
        int maxRequestIdLength,
        int maxMethodPayloadBytes,
        int maxSubscriptions) {
    /** IoT Hub's largest device-to-cloud message. */
    public static final int MAX_MESSAGE_BYTES = 256 * 1024;
    /** Room for the topic and property bag on top of a maximal message body. */
    private static final int HEADROOM_BYTES = 8 * 1024;

    public MqttLimits {
        requirePositive(maxPacketBytes, "maxPacketBytes");
        requirePositive(connectTimeoutSeconds, "connectTimeoutSeconds");
        requirePositive(maxTopicLength, "maxTopicLength");
        requirePositive(maxRequestIdLength, "maxRequestIdLength");
        requirePositive(maxMethodPayloadBytes, "maxMethodPayloadBytes");
        requirePositive(maxSubscriptions, "maxSubscriptions");
    }

    public static MqttLimits defaults() {
        return new MqttLimits(MAX_MESSAGE_BYTES + HEADROOM_BYTES, 10, 4096, 128, 128 * 1024, 64);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException("'" + name + "' must be positive, was " + value);
        }
    }
}
