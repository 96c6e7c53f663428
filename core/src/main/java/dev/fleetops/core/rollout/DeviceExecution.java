package dev.fleetops.core.rollout;

import dev.fleetops.contract.ErrorInfo;
import java.time.Instant;

/**
 * One device's execution of a fleet operation.
 *
 * @param attempt        dispatch attempts that counted against the retry budget (offline and throttled tries do not)
 * @param notBefore      earliest time of the next dispatch (backoff), or null
 * @param dispatchedAt   when the device last accepted the request, or null
 * @param lastDetail     the device's last reported status or the last dispatch failure, for people
 */
public record DeviceExecution(String deviceId, int wave, ExecutionState state, int attempt, Instant notBefore,
                              Instant dispatchedAt, Instant updatedAt, String lastDetail, ErrorInfo error) {

    public static DeviceExecution queued(String deviceId, int wave, Instant now) {
        return new DeviceExecution(deviceId, wave, ExecutionState.QUEUED, 0, null, null, now, null, null);
    }

    public DeviceExecution to(ExecutionState next, Instant now, String detail, ErrorInfo err) {
        return new DeviceExecution(deviceId, wave, next, attempt, notBefore, dispatchedAt, now, detail, err);
    }

    /** Accepted by the device: the per-device timeout starts now. */
    public DeviceExecution started(Instant now, boolean countsAsAttempt) {
        return new DeviceExecution(deviceId, wave, ExecutionState.IN_PROGRESS, attempt + (countsAsAttempt ? 1 : 0), null, now, now,
                "accepted", null);
    }

    /** Back to the queue until {@code notBefore}. */
    public DeviceExecution requeued(Instant next, Instant now, boolean countsAsAttempt, String detail, ErrorInfo err) {
        return new DeviceExecution(deviceId, wave, ExecutionState.QUEUED, attempt + (countsAsAttempt ? 1 : 0), next, dispatchedAt, now,
                detail, err);
    }
}
