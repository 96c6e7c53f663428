package dev.fleetops.localhub.hub;

/**
 * The device's answer to a direct method.
 *
 * @param status  the status the device chose
 * @param payload the device's JSON payload, as raw bytes (may be empty)
 */
public record MethodResult(int status, byte[] payload) {}
