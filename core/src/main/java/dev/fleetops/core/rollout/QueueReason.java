package dev.fleetops.core.rollout;

import dev.fleetops.contract.ErrorInfo;

/** Why a {@link ExecutionState#QUEUED} device is waiting. Decisions read this, never an error code. */
public enum QueueReason {
    /** New: waiting for its wave, a rate slot or the maintenance window. */
    WAITING("waiting"),
    /** The hub said the device was offline; tried again with growing spacing until the deadline. */
    OFFLINE("offline"),
    /** The hub throttled the call (429): the device never got it. */
    THROTTLED("throttled"),
    /** The hub failed or refused FleetOps' credentials: not the device's fault; tried again when the hub is back. */
    HUB_UNAVAILABLE("hubUnavailable"),
    /** The attempt failed or timed out and the retry policy grants another after a backoff. */
    RETRY_BACKOFF("retryBackoff"),
    /** An operator asked to retry it ({@code retry-failed}). */
    RETRY_REQUESTED("retryRequested");

    /**
     * The error code an offline device shows people; in rows saved before queue reasons existed, the only
     * mark of an offline device.
     */
    static final String OFFLINE_ERROR_CODE = "deviceOffline";

    private final String wireName;

    QueueReason(String wireName) {
        this.wireName = wireName;
    }

    /** The API's name (camelCase). */
    public String wireName() {
        return wireName;
    }

    /** The reason of a queued row stored before queue reasons existed: only "offline" was told apart, by its error code. */
    public static QueueReason ofLegacy(ErrorInfo error) {
        return error != null && OFFLINE_ERROR_CODE.equals(error.code()) ? OFFLINE : WAITING;
    }
}
