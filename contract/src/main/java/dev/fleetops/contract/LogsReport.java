package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * What a device reports about its last log upload, in {@code properties.reported.logs}.
 *
 * @param operationId the upload's id
 * @param status      {@link #UPLOADING}, {@link #UPLOADED} or {@link #FAILED}
 * @param blobName    the blob as stored: {@code {deviceId}/{name}} in the hub's container, or the upload URL's path
 *                    (never its query string)
 * @param container   the container with IoT Hub's file upload, else null
 * @param bytes       size of the gzipped file, once uploaded
 * @param lines       lines in the file, once uploaded
 * @param truncated   whether older lines were left out to stay within {@code maxBytes}
 * @param updatedAt   when the device wrote this report
 * @param error       why it failed ({@link DeviceErrorCodes#LOG_UPLOAD_FAILED} and a message), else null
 */
public record LogsReport(
        String operationId,
        String status,
        String blobName,
        String container,
        Long bytes,
        Integer lines,
        Boolean truncated,
        String updatedAt,
        ErrorInfo error) {
    public static final String PROPERTY = "logs";
    public static final String UPLOADING = "uploading";
    public static final String UPLOADED = "uploaded";
    public static final String FAILED = "failed";

    /** {@code {"logs": {…}}}, the reported patch. */
    public JsonObject patch() {
        JsonObject p = new JsonObject();
        p.add(PROPERTY, StrictJson.GSON.toJsonTree(this));
        return p;
    }

    /** Reads {@code reported.logs} leniently; null when absent or not an object. */
    public static LogsReport from(JsonElement section) {
        if (section == null || !section.isJsonObject()) {
            return null;
        }
        try {
            return StrictJson.GSON.fromJson(section, LogsReport.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
