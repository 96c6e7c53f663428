package dev.fleetops.localhub.c2d;

import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-device queues of cloud-to-device messages, as IoT Hub keeps them: at most {@link #MAX_DEPTH} waiting
 * per device (403004 DeviceMaximumQueueDepthExceeded beyond), bodies up to 64 KB, dropped undelivered after
 * their time to live. A message leaves its queue only when the device acknowledges it (MQTT PUBACK), so
 * unacknowledged ones are sent again when the device reconnects. Thread-safe.
 */
public final class CloudToDeviceQueues {
    public static final int MAX_DEPTH = 50;
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_QUEUE_DEPTH_EXCEEDED = 403004;
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);
    private static final int MAX_PROPERTIES = 64;

    private final Map<String, Deque<CloudToDeviceMessage>> queues = new ConcurrentHashMap<>();

    /**
     * Queues a message.
     *
     * @param messageId null for a generated one
     * @throws HubException 400004 for invalid properties, 413001 for a body over 64 KB, 403004 when the queue is full
     */
    public CloudToDeviceMessage enqueue(
            String deviceId, byte[] body, Map<String, String> properties, String messageId, Instant now) {
        if (body.length > MAX_BODY_BYTES) {
            throw new HubException(ErrorCodes.MESSAGE_TOO_LARGE, "A cloud-to-device message body is limited to 64 KB.");
        }
        if (properties.size() > MAX_PROPERTIES) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID, "At most " + MAX_PROPERTIES + " application properties are allowed.");
        }
        for (Map.Entry<String, String> p : properties.entrySet()) {
            String k = p.getKey();
            if (k == null
                    || k.isEmpty()
                    || k.startsWith("$")
                    || k.startsWith("iothub-")
                    || p.getValue() == null
                    || p.getValue().isEmpty()) {
                // The Java device SDK throws on an empty or missing value; system properties are the hub's.
                throw new HubException(
                        ErrorCodes.ARGUMENT_INVALID,
                        "Application property '" + k
                                + "' needs a non-empty name not starting with '$' or 'iothub-' and a non-empty value.");
            }
        }
        if (messageId != null && (messageId.isEmpty() || messageId.length() > 128)) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "messageId must be 1 to 128 characters.");
        }
        String id = messageId == null ? UUID.randomUUID().toString() : messageId;
        CloudToDeviceMessage m = new CloudToDeviceMessage(
                UUID.randomUUID().toString(), id, body.clone(), properties, now, now.plus(DEFAULT_TTL));
        Deque<CloudToDeviceMessage> q = queues.computeIfAbsent(deviceId, k -> new ArrayDeque<>());
        synchronized (q) {
            dropExpired(q, now);
            if (q.size() >= MAX_DEPTH) {
                throw new HubException(
                        MAX_QUEUE_DEPTH_EXCEEDED,
                        "DeviceMaximumQueueDepthExceeded: " + MAX_DEPTH
                                + " cloud-to-device messages are already waiting for " + deviceId + ".");
            }
            q.addLast(m);
        }
        return m;
    }

    /** Messages waiting for the device, oldest first. */
    public List<CloudToDeviceMessage> pending(String deviceId, Instant now) {
        Deque<CloudToDeviceMessage> q = queues.get(deviceId);
        if (q == null) {
            return List.of();
        }
        synchronized (q) {
            dropExpired(q, now);
            return new ArrayList<>(q);
        }
    }

    /** The device acknowledged the message with this lock token; false if it was no longer queued. */
    public boolean complete(String deviceId, String lockToken) {
        Deque<CloudToDeviceMessage> q = queues.get(deviceId);
        if (q == null) {
            return false;
        }
        synchronized (q) {
            return q.removeIf(m -> m.lockToken().equals(lockToken));
        }
    }

    /** Forgets a device's queue, e.g. when it is deleted. */
    public void discard(String deviceId) {
        queues.remove(deviceId);
    }

    private static void dropExpired(Deque<CloudToDeviceMessage> q, Instant now) {
        q.removeIf(m -> !m.expiry().isAfter(now));
    }
}
