package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Payload of the {@link DeviceMethods#UPLOAD_LOGS} method.
 *
 * @param operationId identifies this upload; a repeat of the running or last upload's id is a duplicate
 * @param blobName    where the file goes under the device's folder ({@code {deviceId}/{blobName}} with IoT Hub's file
 *                    upload); null: {@link #defaultBlobName(String)}
 * @param maxBytes    bound of the log text before compression (the newest lines are kept); null: {@link #DEFAULT_BYTES}
 * @param since       only lines from this time on; null: everything the device still has
 * @param uploadUrl   an HTTPS SAS URL to PUT the file to instead of IoT Hub's file upload; null: file upload
 */
public record UploadLogsRequest(String operationId, String blobName, Long maxBytes, Instant since, String uploadUrl) {
    /** 1 MiB of log text, about a day of an agent's routine lines. */
    public static final long DEFAULT_BYTES = 1024L * 1024;
    /** The most a device sends, whatever is asked: 8 MiB of text (a few hundred KiB gzipped). */
    public static final long HARD_CAP_BYTES = 8L * 1024 * 1024;

    public static final long MIN_BYTES = 1024;
    public static final int MAX_URL_LENGTH = 4096;
    static final int MAX_BLOB_NAME = 200;
    /** Segments of letters, digits, dots, hyphens and underscores, not starting with a dot; no {@code ..}. */
    private static final Pattern BLOB_NAME =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private static final Set<String> FIELDS =
            JsonFields.fields("operationId", "blobName", "maxBytes", "since", "uploadUrl");

    /** {@code logs/{operationId}.log.gz}. */
    public static String defaultBlobName(String operationId) {
        return "logs/" + operationId + ".log.gz";
    }

    public long maxBytesOrDefault() {
        return maxBytes == null ? DEFAULT_BYTES : maxBytes;
    }

    public String blobNameOr(String operationId) {
        return blobName == null ? defaultBlobName(operationId) : blobName;
    }

    public UploadLogsRequest withOperationId(String id) {
        return new UploadLogsRequest(id, blobName, maxBytes, since, uploadUrl);
    }

    /** The method payload: absent fields left out, {@code since} in the contract's timestamp form. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        if (operationId != null) {
            o.addProperty("operationId", operationId);
        }
        if (blobName != null) {
            o.addProperty("blobName", blobName);
        }
        if (maxBytes != null) {
            o.addProperty("maxBytes", maxBytes);
        }
        if (since != null) {
            o.addProperty("since", Timestamps.format(since));
        }
        if (uploadUrl != null) {
            o.addProperty("uploadUrl", uploadUrl);
        }
        return o;
    }

    public static Parsed<UploadLogsRequest> parse(JsonElement payload, boolean rejectUnknown) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject obj = JsonFields.objectOrEmpty(payload, errors);
        JsonFields f = new JsonFields(obj, FIELDS, rejectUnknown);
        String id = f.string("operationId", false, OperationIds.MAX_LENGTH);
        OperationIds.check("operationId", id, f);
        String blob = f.string("blobName", false, MAX_BLOB_NAME);
        if (blob != null && (!BLOB_NAME.matcher(blob).matches() || blob.contains(".."))) {
            f.error("blobName", "must be path segments of letters, digits, '.', '-' and '_' (no '..', no leading dot)");
            blob = null;
        }
        Long max = f.integer("maxBytes", false, MIN_BYTES, HARD_CAP_BYTES);
        String sinceText = f.string("since", false, 64);
        Instant since = null;
        if (sinceText != null) {
            since = Timestamps.parse(sinceText).orElse(null);
            if (since == null) {
                f.error("since", "must be a timestamp like 2026-01-31T12:00:00.000Z");
            }
        }
        String url = f.string("uploadUrl", false, MAX_URL_LENGTH);
        if (url != null && !isHttpsUrl(url)) {
            f.error("uploadUrl", "must be an https:// URL");
            url = null;
        }
        errors.addAll(f.errors());
        return Parsed.of(new UploadLogsRequest(id, blob, max, since, url), errors);
    }

    private static boolean isHttpsUrl(String url) {
        try {
            java.net.URI u = new java.net.URI(url);
            return "https".equalsIgnoreCase(u.getScheme())
                    && u.getHost() != null
                    && !u.getHost().isEmpty();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The URL without its query string (the SAS), for logs and reports. */
    public static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
