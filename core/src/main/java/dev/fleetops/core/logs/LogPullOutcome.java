package dev.fleetops.core.logs;

import dev.fleetops.core.device.ActionOutcome;
import java.time.Instant;

/** What happened when a caller asked a device for its log. */
public sealed interface LogPullOutcome {
    /**
     * The device took the request (or already had it: {@code duplicate}) and uploads in the background.
     *
     * @param blobPath where the file will be in {@code container}: {@code {deviceId}/logs/{operationId}.log.gz}
     */
    record Started(
            String deviceId,
            String operationId,
            String container,
            String blobPath,
            LogPullSettings.Via via,
            boolean duplicate,
            String message,
            Instant acceptedAt)
            implements LogPullOutcome {}

    /**
     * Nothing started: the request was invalid, the hub did not deliver it (offline device: {@code HubFailed}) or the
     * device refused or failed. The same failures as a device action, answered the same way.
     */
    record NotStarted(ActionOutcome reason) implements LogPullOutcome {}
}
