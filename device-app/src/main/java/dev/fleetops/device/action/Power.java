package dev.fleetops.device.action;

/** Simulates the device losing and regaining power: the hub connection goes down and comes back. */
public interface Power {
    /** Closes the hub connection and holds off automatic reconnects. */
    void off();

    /** Reconnects (retrying in the background if the hub is unreachable) and re-publishes state. */
    void on();

    /** Whether the hub session is open and the device has re-synced its twin. */
    boolean isConnected();
}
