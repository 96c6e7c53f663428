package dev.fleetops.functions.http;

import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.core.rollout.DeviceExecution;
import java.util.Locale;

/** A device's result in an operation, as the API shows it. */
record DeviceExecutionView(String deviceId, int wave, String state, int attempt, String detail, ErrorInfo error,
                           String dispatchedAt, String updatedAt, String nextAttemptAt) {
    static DeviceExecutionView of(DeviceExecution e) {
        return new DeviceExecutionView(e.deviceId(), e.wave(), e.state().name().toLowerCase(Locale.ROOT), e.attempt(), e.lastDetail(),
                e.error(), e.dispatchedAt() == null ? null : e.dispatchedAt().toString(), e.updatedAt().toString(),
                e.notBefore() == null ? null : e.notBefore().toString());
    }
}
