package dev.fleetops.device.state;

/** One line of the device's local history, e.g. {@code factoryReset completed (op-1)}. */
public record AuditEntry(String at, String event) {}
