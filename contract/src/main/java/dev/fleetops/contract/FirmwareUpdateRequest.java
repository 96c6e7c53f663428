package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Payload of the {@code firmwareUpdate} method.
 *
 * @param operationId identifies this request; repeats with the same id are idempotent
 * @param version     the version the package installs
 * @param packageUri  where to download the package; https only
 * @param sha256      lower-case hex SHA-256 of the package
 * @param sizeBytes   announced size, or null; when given the device refuses anything larger
 */
public record FirmwareUpdateRequest(String operationId, String version, String packageUri, String sha256, Long sizeBytes) {
    public static final long MAX_SIZE_BYTES = 4L * 1024 * 1024 * 1024;
    public static final int MAX_URI_LENGTH = 2048;
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> FIELDS = JsonFields.fields("operationId", "version", "packageUri", "sha256", "sizeBytes");

    public static Parsed<FirmwareUpdateRequest> parse(JsonElement payload, boolean rejectUnknown) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject obj = JsonFields.objectOrEmpty(payload, errors);
        JsonFields f = new JsonFields(obj, FIELDS, rejectUnknown);
        String id = f.string("operationId", false, OperationIds.MAX_LENGTH);
        OperationIds.check("operationId", id, f);
        String version = f.string("version", true, 64);
        if (version != null && !VERSION.matcher(version).matches()) {
            f.error("version", "must be 1-64 characters: letters, digits, '.', '+', '_' or '-'");
        }
        String uri = f.string("packageUri", true, MAX_URI_LENGTH);
        if (uri != null) {
            String problem = httpsUriProblem(uri);
            if (problem != null) {
                f.error("packageUri", problem);
            }
        }
        String sha = f.string("sha256", true, 64);
        if (sha != null && !SHA256.matcher(sha).matches()) {
            f.error("sha256", "must be 64 hexadecimal characters");
        }
        Long size = f.integer("sizeBytes", false, 1, MAX_SIZE_BYTES);
        errors.addAll(f.errors());
        String normalizedSha = sha == null ? null : sha.toLowerCase(Locale.ROOT);
        return Parsed.of(new FirmwareUpdateRequest(id, version, uri, normalizedSha, size), errors);
    }

    public FirmwareUpdateRequest withOperationId(String id) {
        return new FirmwareUpdateRequest(id, version, packageUri, sha256, sizeBytes);
    }

    /** Null if {@code uri} is an absolute https URI with a host and no user info; otherwise why not. */
    static String httpsUriProblem(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return "must be a valid absolute URI";
        }
        if (!"https".equalsIgnoreCase(parsed.getScheme())) {
            return "must use https";
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            return "must name a host";
        }
        if (parsed.getRawUserInfo() != null) {
            return "must not carry credentials in the URI";
        }
        return null;
    }
}
