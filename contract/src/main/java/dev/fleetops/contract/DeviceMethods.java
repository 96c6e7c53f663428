package dev.fleetops.contract;

/**
 * Direct methods a FleetOps device answers besides the {@link Action}s. They are kept out of
 * {@link Action#all()} because back-ends iterate the actions to read one reported section per action, and
 * these methods report into an existing section.
 */
public final class DeviceMethods {
    /**
     * Switch back to the previously installed firmware slot ({@link RollbackRequest}). Progress and
     * outcome are reported under {@code iothubDM.firmwareUpdate} with status {@code rolledBack} and
     * error code {@link DeviceErrorCodes#ROLLBACK_REQUESTED}. Answers 409 while another operation runs
     * and 400 when there is no previous version to return to.
     */
    public static final String ROLLBACK = "rollback";

    /**
     * Upload the agent's recent log, redacted and gzipped, to Blob storage ({@link UploadLogsRequest}): through IoT
     * Hub's file upload (the blob lands at {@code {deviceId}/{blobName}} in the hub's linked container) or, when the
     * request carries an {@code uploadUrl}, to that SAS URL. Answers 202 at once with the blob name and uploads in the
     * background; progress and outcome are reported under {@link LogsReport#PROPERTY}. Runs beside actions (it only
     * reads), one upload at a time: 409 with {@code runningOperationId} while one runs.
     */
    public static final String UPLOAD_LOGS = "uploadLogs";

    /**
     * Largest method payload a FleetOps device reads (UTF-8 bytes of the JSON), answered 400 above it.
     * Valid requests are far smaller (a firmware request with a 2,048-character ASCII URI and a signature
     * is about 3 KiB); IoT Hub itself allows 128 KiB, which a device should not have to parse.
     */
    public static final int MAX_PAYLOAD_BYTES = 8 * 1024;

    private DeviceMethods() {}
}
