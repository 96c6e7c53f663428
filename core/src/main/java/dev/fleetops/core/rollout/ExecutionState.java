package dev.fleetops.core.rollout;

/** Where one device stands in a fleet operation; modelled on AWS IoT job execution states. */
public enum ExecutionState {
    /** Waiting for its wave, its rate slot or its next retry; {@link QueueReason} says which. */
    QUEUED,
    /** The device accepted the request and is working on it. */
    IN_PROGRESS,
    /** The device reported success. */
    SUCCEEDED,
    /** The device reported failure and no retry is left. */
    FAILED,
    /** No terminal report within the per-device timeout (or the device stayed offline until the deadline), no retry left. */
    TIMED_OUT,
    /** The device refused the request (its own 4xx answer). */
    REJECTED,
    /** An operator canceled the device or the whole operation, or an abort canceled it, before it finished; {@link CancelReason} says which. */
    CANCELED,
    /** The device left the hub while targeted (the hub did not know it at dispatch); counts neither as success nor as failure. */
    REMOVED;

    public boolean isTerminal() {
        return this != QUEUED && this != IN_PROGRESS;
    }
}
