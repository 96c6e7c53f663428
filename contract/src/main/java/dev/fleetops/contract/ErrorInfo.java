package dev.fleetops.contract;

/**
 * Why an action failed, as reported by the device.
 *
 * @param code    a stable machine-readable code, e.g. {@code sha256Mismatch}
 * @param message a human-readable explanation
 */
public record ErrorInfo(String code, String message) {}
