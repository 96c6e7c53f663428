package dev.fleetops.localhub.mqtt;

/** What the hub does with a device's PUBLISH. */
sealed interface PublishOutcome {
    /** Handled; nothing to send back but the PUBACK. */
    record Done() implements PublishOutcome {}

    /** Handled; answer with a QoS 0 PUBLISH on {@code topic}. */
    record Reply(String topic, byte[] body) implements PublishOutcome {}

    /** A protocol violation: close the connection, as IoT Hub does. */
    record Refused(String reason) implements PublishOutcome {}

    PublishOutcome DONE = new Done();
}
