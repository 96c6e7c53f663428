package dev.fleetops.functions.http;

import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.DeviceExecution;
import java.util.Locale;

/**
 * A device's result in an operation, as the API shows it.
 *
 * @param queueReason  why a queued device waits ({@code waiting}, {@code offline}, {@code throttled}, {@code retryBackoff},
 *                     {@code retryRequested}); null in other states
 * @param cancelReason why a canceled device was canceled ({@code deviceCanceled}, {@code operationCanceled},
 *                     {@code operationAborted}); null in other states or when a row from before reasons existed does not tell
 */
record DeviceExecutionView(
        String deviceId,
        int wave,
        String state,
        int attempt,
        String detail,
        ErrorInfo error,
        String dispatchedAt,
        String updatedAt,
        String nextAttemptAt,
        String queueReason,
        String cancelReason) {
    static DeviceExecutionView of(DeviceExecution e) {
        return new DeviceExecutionView(
                e.deviceId(),
                e.wave(),
                e.state().name().toLowerCase(Locale.ROOT),
                e.attempt(),
                e.lastDetail(),
                e.error(),
                e.dispatchedAt() == null ? null : e.dispatchedAt().toString(),
                e.updatedAt().toString(),
                e.notBefore() == null ? null : e.notBefore().toString(),
                e.queueReason() == null ? null : e.queueReason().wireName(),
                e.cancelReason() == null ? null : e.cancelReason().wireName());
    }
}
