package dev.fleetops.device.transport;

/** Hears connection changes; runs on a transport thread and must not open or close the session. */
public interface ConnectionListener {

    /** The transport reconnected by itself after a drop; subscriptions survived. */
    void onReconnected();

    /** The connection is gone for good; the session must be reopened by the application. */
    void onLost(String reason);
}
