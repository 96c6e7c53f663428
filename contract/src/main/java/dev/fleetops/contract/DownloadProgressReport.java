package dev.fleetops.contract;

import com.google.gson.JsonObject;

/**
 * {@code iothubDM.firmwareUpdateProgress}: how far the package download of a firmware update got.
 * Sent at coarse intervals (about every 10 % or 5 s), never per chunk; the bytes reported are already
 * durable on the device, so a resumed download continues from at least this point.
 *
 * @param totalBytes announced package size, or null when unknown
 * @param percent    0-100, or null when the size is unknown
 */
public record DownloadProgressReport(
        String operationId, long bytesDownloaded, Long totalBytes, Integer percent, String updatedAt) {
    /** Name of the section under {@code iothubDM}. */
    public static final String SECTION = "firmwareUpdateProgress";

    /** A patch {@code {"iothubDM":{"firmwareUpdateProgress":{...}}}}. */
    public JsonObject patch() {
        JsonObject dm = new JsonObject();
        dm.add(SECTION, StrictJson.GSON.toJsonTree(this));
        JsonObject root = new JsonObject();
        root.add(DmReported.PROPERTY, dm);
        return root;
    }
}
