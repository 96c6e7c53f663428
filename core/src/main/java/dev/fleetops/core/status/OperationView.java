package dev.fleetops.core.status;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.ErrorInfo;

/**
 * Where one operation stands, as far as the twin tells.
 *
 * @param action   the action's method name, or null if no section mentions the operation
 * @param status   the device's status for it, or {@code pending} if the device has not reported it yet
 * @param terminal whether the status is final
 * @param failed   whether it ended in failure
 */
public record OperationView(String operationId, String action, String status, boolean terminal, boolean failed,
                            String updatedAt, ErrorInfo error) {
    public static final String PENDING = "pending";

    public static OperationView pending(String operationId) {
        return new OperationView(operationId, null, PENDING, false, false, null, null);
    }

    /** The operation as {@code action}'s section reports it; the report's status must be known. */
    public static OperationView reported(Action<?, ?> action, ActionReport r) {
        return new OperationView(r.operationId(), action.methodName(), r.status().wireName(), r.status().isTerminal(),
                r.status().isFailure(), r.updatedAt(), r.error());
    }
}
