package dev.fleetops.localhub.c2d;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A queued cloud-to-device message.
 *
 * @param lockToken  the hub's own unique id for this delivery (message ids need not be unique)
 * @param messageId  {@code $.mid} as the device sees it
 * @param properties application properties, in order; keys and values non-empty
 * @param expiry     when the hub drops it undelivered (IoT Hub's default time to live is one hour)
 */
public record CloudToDeviceMessage(
        String lockToken,
        String messageId,
        byte[] body,
        Map<String, String> properties,
        Instant enqueued,
        Instant expiry) {
    public CloudToDeviceMessage {
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /**
     * The MQTT topic the hub publishes it on, as the Java device SDK parses it: {@code $} always encoded as
     * {@code %24} (the SDK reads the property bag only when the topic contains {@code %24}), {@code %24.mid}
     * first, every value non-empty (the SDK throws on {@code k} and {@code k=}).
     */
    public String topic(String deviceId) {
        StringBuilder t = new StringBuilder("devices/").append(deviceId).append("/messages/devicebound/");
        t.append("%24.mid=").append(encode(messageId));
        t.append("&%24.to=").append(encode("/devices/" + deviceId + "/messages/deviceBound"));
        properties.forEach((k, v) -> t.append('&').append(encode(k)).append('=').append(encode(v)));
        return t.toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
