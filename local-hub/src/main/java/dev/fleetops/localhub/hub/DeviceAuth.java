package dev.fleetops.localhub.hub;

/** Outcome of checking a device's SAS token at connect time. */
public enum DeviceAuth {
    ACCEPTED,
    /** No such device, or the token is not for this device. */
    UNKNOWN_DEVICE,
    /** The device exists but is disabled. */
    DISABLED,
    /** Malformed token, wrong signature or expired. */
    BAD_CREDENTIALS
}
