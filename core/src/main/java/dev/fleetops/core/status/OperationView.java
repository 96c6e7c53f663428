package dev.fleetops.core.status;

import dev.fleetops.contract.Action;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.ErrorInfo;

/**
 * Where one operation stands, as far as the twin tells.
 *
 * @param action       the action's method name, or null if it is not known
 * @param status       the device's status for it; or {@value #PENDING} while the device has not reported it
 *                     yet, {@value #SUPERSEDED} when its section already reports a newer operation (the twin
 *                     will not show this one again), {@value #UNKNOWN} when nothing mentions it long after
 *                     the device accepted it
 * @param terminal     whether the status is final ({@value #SUPERSEDED} is: nothing more can be read about it)
 * @param failed       whether it ended in failure (false when the twin no longer tells)
 * @param supersededBy for {@value #SUPERSEDED}, the newer operation the section reports
 */
public record OperationView(
        String operationId,
        String action,
        String status,
        boolean terminal,
        boolean failed,
        String updatedAt,
        ErrorInfo error,
        String supersededBy) {
    public static final String PENDING = "pending";
    public static final String SUPERSEDED = "superseded";
    public static final String UNKNOWN = "unknown";

    public static OperationView pending(String operationId) {
        return new OperationView(operationId, null, PENDING, false, false, null, null, null);
    }

    /** The operation as {@code action}'s section reports it; the report's status must be known. */
    public static OperationView reported(Action<?, ?> action, ActionReport r) {
        return new OperationView(
                r.operationId(),
                action.methodName(),
                r.status().wireName(),
                r.status().isTerminal(),
                r.status().isFailure(),
                r.updatedAt(),
                r.error(),
                null);
    }

    /** {@code action}'s section reports {@code newer}, which the device started after accepting this one. */
    public static OperationView superseded(String operationId, Action<?, ?> action, String newer) {
        return new OperationView(operationId, action.methodName(), SUPERSEDED, true, false, null, null, newer);
    }

    /** Nothing in the twin mentions the operation, long after the device accepted it. */
    public static OperationView unknown(String operationId, Action<?, ?> action) {
        return new OperationView(
                operationId, action == null ? null : action.methodName(), UNKNOWN, false, false, null, null, null);
    }
}
