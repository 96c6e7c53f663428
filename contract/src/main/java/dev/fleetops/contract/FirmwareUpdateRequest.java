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
 * @param signature   base64 detached signature over the {@link FirmwareManifest} (version, sha256,
 *                    sizeBytes), or null; devices configured with signing keys require it
 * @param signingKeyId which trusted key made {@code signature} ({@link FirmwareManifest#keyId}), or null
 *                    for "try every trusted key"
 * @param compatibility     manifest v2: the device model the package is for, or null for any model
 * @param securityVersion   manifest v2: the package's security version (0 or more); devices refuse to install
 *                          below the highest one they have installed
 * @param manifestExpiresAt manifest v2: contract timestamp after which devices refuse the manifest
 * @param installWindow     download now, install only inside this daily window (not part of the signed manifest:
 *                          it says when, not what); null installs as soon as the package is verified
 */
public record FirmwareUpdateRequest(
        String operationId,
        String version,
        String packageUri,
        String sha256,
        Long sizeBytes,
        String signature,
        String signingKeyId,
        String compatibility,
        Long securityVersion,
        String manifestExpiresAt,
        InstallWindow installWindow)
        implements ActionRequest {
    public static final long MAX_SIZE_BYTES = 4L * 1024 * 1024 * 1024;
    public static final int MAX_URI_LENGTH = 2048;
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    /** Ed25519 signatures are 88 base64 characters, ECDSA P-256 (DER) at most 96; room for larger algorithms. */
    public static final int MAX_SIGNATURE_LENGTH = 512;

    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Set<String> FIELDS = JsonFields.fields(
            "operationId",
            "version",
            "packageUri",
            "sha256",
            "sizeBytes",
            "signature",
            "signingKeyId",
            "compatibility",
            "securityVersion",
            "manifestExpiresAt",
            "installWindow");
    /** Security versions stay within what every JSON parser reads exactly. */
    public static final long MAX_SECURITY_VERSION = Integer.MAX_VALUE;

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
        String signature = f.string("signature", false, MAX_SIGNATURE_LENGTH);
        if (signature != null
                && (signature.length() % 4 != 0 || !BASE64.matcher(signature).matches())) {
            f.error("signature", "must be standard base64 (A-Z, a-z, 0-9, '+', '/', '=' padding)");
        }
        String keyId = f.string("signingKeyId", false, 16);
        if (keyId != null && !KEY_ID.matcher(keyId).matches()) {
            f.error("signingKeyId", "must be 16 lower-case hexadecimal characters (see FirmwareManifest.keyId)");
        }
        if (keyId != null
                && signature == null
                && f.errors().stream().noneMatch(e -> e.field().equals("signature"))) {
            f.error("signingKeyId", "is only meaningful with a signature");
        }
        String compatibility = f.string("compatibility", false, 64);
        if (compatibility != null && !VERSION.matcher(compatibility).matches()) {
            f.error("compatibility", "must be 1-64 characters: letters, digits, '.', '+', '_' or '-'");
        }
        Long securityVersion = f.integer("securityVersion", false, 0, MAX_SECURITY_VERSION);
        String expiresAt = f.string("manifestExpiresAt", false, 24);
        if (expiresAt != null && !isContractTimestamp(expiresAt)) {
            f.error("manifestExpiresAt", "must be a UTC timestamp with milliseconds, e.g. 2026-01-02T03:04:05.678Z");
        }
        // The v2 fields are signed together: a manifest with some of them would be ambiguous.
        boolean v2 =
                present(obj, "compatibility") || present(obj, "securityVersion") || present(obj, "manifestExpiresAt");
        if (v2 && !present(obj, "securityVersion")) {
            f.error("securityVersion", "is required with compatibility or manifestExpiresAt (manifest v2)");
        }
        if (v2 && !present(obj, "manifestExpiresAt")) {
            f.error("manifestExpiresAt", "is required with compatibility or securityVersion (manifest v2)");
        }
        errors.addAll(f.errors());
        InstallWindow window = InstallWindow.parse(obj.get("installWindow"), "installWindow", errors);
        String normalizedSha = sha == null ? null : sha.toLowerCase(Locale.ROOT);
        return Parsed.of(
                new FirmwareUpdateRequest(
                        id,
                        version,
                        uri,
                        normalizedSha,
                        size,
                        signature,
                        keyId,
                        compatibility,
                        securityVersion,
                        expiresAt,
                        window),
                errors);
    }

    private static boolean present(JsonObject obj, String name) {
        return obj.has(name) && !obj.get(name).isJsonNull();
    }

    private static boolean isContractTimestamp(String s) {
        return Timestamps.parse(s).map(Timestamps::format).filter(s::equals).isPresent();
    }

    @Override
    public FirmwareUpdateRequest withOperationId(String id) {
        return new FirmwareUpdateRequest(
                id,
                version,
                packageUri,
                sha256,
                sizeBytes,
                signature,
                signingKeyId,
                compatibility,
                securityVersion,
                manifestExpiresAt,
                installWindow);
    }

    @Override
    public Action<FirmwareUpdateRequest, FirmwareUpdateReport> action() {
        return Action.FIRMWARE_UPDATE;
    }

    /** The signed part of this request: v2 when it carries the v2 fields, else v1. */
    public FirmwareManifest manifest() {
        FirmwareManifest.Terms terms = securityVersion == null || manifestExpiresAt == null
                ? null
                : new FirmwareManifest.Terms(compatibility, securityVersion, manifestExpiresAt);
        return new FirmwareManifest(version, sha256, sizeBytes, terms);
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
