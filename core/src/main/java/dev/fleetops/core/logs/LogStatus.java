package dev.fleetops.core.logs;

import dev.fleetops.contract.LogsReport;
import dev.fleetops.core.hub.HubFailure;

/** What a device last reported about its log uploads. */
public sealed interface LogStatus {
    /**
     * @param report   the device's {@code reported.logs} (untrusted: written by the device)
     * @param readLink a short-lived read link to the file when it was uploaded to the logs container, else null
     */
    record Reported(String deviceId, LogsReport report, String readLink, String container) implements LogStatus {}

    /** The device has not reported a log upload (or not the one asked about). */
    record NoneReported(String deviceId) implements LogStatus {}

    record Invalid(String field, String message) implements LogStatus {}

    record HubFailed(HubFailure failure) implements LogStatus {}
}
