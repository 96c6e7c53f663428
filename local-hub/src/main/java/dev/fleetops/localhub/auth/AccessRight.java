package dev.fleetops.localhub.auth;

/** IoT Hub shared-access-policy permissions. */
public enum AccessRight {
    /** Read the identity registry (devices, statistics) and query twins. */
    REGISTRY_READ,
    /** Create, update and delete devices. */
    REGISTRY_WRITE,
    /** Service-facing operations: twins, direct methods, jobs. */
    SERVICE_CONNECT,
    /** Device-facing endpoints on behalf of any device. */
    DEVICE_CONNECT
}
