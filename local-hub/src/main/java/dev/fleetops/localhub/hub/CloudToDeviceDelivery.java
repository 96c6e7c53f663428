package dev.fleetops.localhub.hub;

import dev.fleetops.localhub.c2d.CloudToDeviceMessage;
import dev.fleetops.localhub.c2d.CloudToDeviceQueues;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Cloud-to-device messages of registered devices: queued per device ({@link CloudToDeviceQueues}), announced to the
 * device's connection, which sends them, and dropped with the device. A message leaves its queue when the device
 * acknowledges it, which counts as activity.
 */
final class CloudToDeviceDelivery {
    private final DeviceRegistry registry;
    private final DeviceConnections connections;
    private final Clock clock;
    private final CloudToDeviceQueues queues = new CloudToDeviceQueues();

    CloudToDeviceDelivery(DeviceRegistry registry, DeviceConnections connections, Clock clock) {
        this.registry = registry;
        this.connections = connections;
        this.clock = clock;
        registry.onRemoved(queues::discard);
    }

    /** As {@link Hub#sendCloudToDevice}. */
    CloudToDeviceMessage send(String deviceId, byte[] body, Map<String, String> properties, String messageId) {
        DeviceEntry e = registry.entry(deviceId);
        CloudToDeviceMessage m = queues.enqueue(deviceId, body, properties, messageId, clock.instant());
        DeviceLink link = e.currentLink();
        if (link != null) {
            link.cloudToDeviceAvailable();
        }
        return m;
    }

    /** As {@link Hub#pendingCloudToDevice}. */
    List<CloudToDeviceMessage> pending(String deviceId) {
        return queues.pending(deviceId, clock.instant());
    }

    /** As {@link Hub#completeCloudToDevice}. */
    void complete(String deviceId, String lockToken) {
        queues.complete(deviceId, lockToken);
        connections.touch(deviceId);
    }
}
