package dev.fleetops.core.rollout;

/** Who or what canceled a {@link ExecutionState#CANCELED} device. */
public enum CancelReason {
    /** An operator canceled this one device. */
    DEVICE_CANCELED("deviceCanceled", null),
    /** An operator canceled the whole operation. */
    OPERATION_CANCELED("operationCanceled", "operation canceled"),
    /** An abort criterion tripped; the device had not been dispatched. */
    OPERATION_ABORTED("operationAborted", "operation aborted"),
    /** The operation was never approved (rejected, or its approval expired); no device was dispatched. */
    OPERATION_REJECTED("operationRejected", "operation rejected");

    private final String wireName;
    private final String detail;

    CancelReason(String wireName, String detail) {
        this.wireName = wireName;
        this.detail = detail;
    }

    /** Why a device still queued when its operation ended is canceled: by how the operation ended. */
    public static CancelReason ofFinished(RolloutState ended) {
        return switch (ended) {
            case ABORTED -> OPERATION_ABORTED;
            case REJECTED -> OPERATION_REJECTED;
            default -> OPERATION_CANCELED;
        };
    }

    /** The API's name (camelCase). */
    public String wireName() {
        return wireName;
    }

    /**
     * The reason of a canceled row stored before cancel reasons existed, read from the detail FleetOps
     * wrote then ("operation canceled", "operation aborted", "canceled by …"); null if it is none of them.
     */
    public static CancelReason ofLegacy(String lastDetail) {
        if (lastDetail == null) {
            return null;
        }
        for (CancelReason r : values()) {
            if (lastDetail.equals(r.detail)) {
                return r;
            }
        }
        return lastDetail.startsWith("canceled by ") ? DEVICE_CANCELED : null;
    }

    /** The device's detail when it is canceled for this reason ({@code who} for a device canceled by an operator). */
    String detail(String who) {
        return detail != null ? detail : "canceled by " + who;
    }
}
