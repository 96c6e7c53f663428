package dev.fleetops.core.firmware;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.FirmwareUpdateRequest;
import dev.fleetops.contract.JsonFields;
import dev.fleetops.contract.Parsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A validated {@code POST /api/firmware} body. The manifest fields (version, signature, v2 terms) follow exactly the
 * rules of a firmware-update request ({@link FirmwareUpdateRequest#parse}), so a version the catalog accepts is one
 * every device-side parser accepts too.
 *
 * <p>A signature covers the package's SHA-256 and size, so a signed registration must announce both: FleetOps then
 * refuses (FAILED) an upload that is not the package that was signed, instead of handing devices a manifest they
 * would refuse one by one.
 *
 * @param sha256    the SHA-256 the caller announces (lower-case), or null
 * @param sizeBytes the size the caller announces, or null
 */
public record FirmwareRegistration(
        String name,
        String version,
        String compatibility,
        Long securityVersion,
        String manifestExpiresAt,
        String signature,
        String signingKeyId,
        String sha256,
        Long sizeBytes) {
    public static final int MAX_NAME_LENGTH = 128;
    private static final Set<String> FIELDS = JsonFields.fields(
            "name",
            "version",
            "compatibility",
            "securityVersion",
            "manifestExpiresAt",
            "signature",
            "signingKeyId",
            "sha256",
            "sizeBytes");
    /** Fields the manifest rules check; the probe below supplies what a registration does not have yet. */
    private static final List<String> MANIFEST_FIELDS =
            List.of("version", "compatibility", "securityVersion", "manifestExpiresAt", "signature", "signingKeyId");

    /**
     * @param maxSizeBytes the largest package the catalog takes ({@code sizeBytes} above it is refused here already)
     */
    public static Parsed<FirmwareRegistration> parse(JsonElement body, long maxSizeBytes) {
        List<FieldError> errors = new ArrayList<>();
        JsonObject obj = JsonFields.objectOrEmpty(body, errors);
        JsonFields f = new JsonFields(obj, FIELDS, true);
        String name = f.string("name", true, MAX_NAME_LENGTH);
        if (name != null && (name.isBlank() || name.chars().anyMatch(Character::isISOControl))) {
            f.error("name", "must be 1-" + MAX_NAME_LENGTH + " printable characters");
        }
        Long size = f.integer("sizeBytes", false, 1, maxSizeBytes);
        String sha = f.string("sha256", false, 64);
        // The manifest rules, applied to a probe request: the announced hash and size, or placeholders.
        JsonObject probe = new JsonObject();
        for (String m : MANIFEST_FIELDS) {
            if (obj.has(m)) {
                probe.add(m, obj.get(m));
            }
        }
        probe.addProperty("packageUri", "https://catalog.invalid/package");
        probe.add("sha256", sha == null ? new com.google.gson.JsonPrimitive("0".repeat(64)) : obj.get("sha256"));
        if (obj.has("sizeBytes") && size != null) {
            probe.add("sizeBytes", obj.get("sizeBytes"));
        }
        Parsed<FirmwareUpdateRequest> manifest = FirmwareUpdateRequest.parse(probe, true);
        FirmwareUpdateRequest m = null;
        if (manifest instanceof Parsed.Invalid<FirmwareUpdateRequest> bad) {
            bad.errors().stream()
                    .filter(e -> !e.field().equals("sizeBytes") || size != null)
                    .forEach(e -> f.error(e.field(), e.message()));
        } else {
            m = ((Parsed.Valid<FirmwareUpdateRequest>) manifest).value();
        }
        if (obj.has("signature") && !obj.get("signature").isJsonNull() && (sha == null || size == null)) {
            f.error(
                    sha == null ? "sha256" : "sizeBytes",
                    "is required with a signature: the signature covers the package's SHA-256 and size");
        }
        errors.addAll(f.errors());
        if (!errors.isEmpty()) {
            return new Parsed.Invalid<>(errors);
        }
        return new Parsed.Valid<>(new FirmwareRegistration(
                name,
                m.version(),
                m.compatibility(),
                m.securityVersion(),
                m.manifestExpiresAt(),
                m.signature(),
                m.signingKeyId(),
                sha == null ? null : m.sha256(),
                size));
    }
}
