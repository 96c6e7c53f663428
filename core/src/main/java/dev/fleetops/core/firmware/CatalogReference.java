package dev.fleetops.core.firmware;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.Parsed;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a firmware payload that names a catalog version ({@code {"catalogVersion": "2.1.0"}}, plus an {@code
 * operationId} for a single device, and an {@code installWindow}, which says when rather than what) into the full payload the version stands for: version, the blob's plain URL,
 * measured SHA-256 and size, and the registered signature and v2 terms. Done once, when the request arrives, so an
 * operation keeps sending what it was created with.
 */
public final class CatalogReference {
    public static final String FIELD = "catalogVersion";
    private static final String INSTALL_WINDOW = "installWindow";

    private CatalogReference() {}

    /** Whether {@code payload} names a catalog version. */
    public static boolean names(JsonElement payload) {
        return payload instanceof JsonObject o && o.has(FIELD);
    }

    /**
     * @param payload the firmware payload (it {@link #names} a version)
     * @param at      the payload's JSON path, to name fields in errors ({@code firmware} or empty)
     * @param catalog the catalog's entries
     * @param plainUrl the plain URL of a blob
     */
    public static Parsed<JsonObject> resolve(
            JsonObject payload, String at, FirmwareCatalog catalog, Function<String, String> plainUrl) {
        String field = at.isEmpty() ? FIELD : at + "." + FIELD;
        for (String key : payload.keySet()) {
            if (!key.equals(FIELD) && !key.equals("operationId") && !key.equals(INSTALL_WINDOW)) {
                return invalid(
                        at.isEmpty() ? key : at + "." + key,
                        "cannot be combined with " + FIELD + ": the catalog version supplies it");
            }
        }
        JsonElement v = payload.get(FIELD);
        if (!(v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString())) {
            return invalid(field, "must be a string naming a catalog version");
        }
        String version = v.getAsString();
        if (version.isEmpty() || version.length() > 64) {
            return invalid(field, "must be 1-64 characters");
        }
        Optional<FirmwareEntry> entry = catalog.get(version);
        if (entry.isEmpty()) {
            return invalid(field, "names no catalog version (GET /api/firmware lists them)");
        }
        if (entry.get().state() != FirmwareState.READY) {
            return invalid(
                    field,
                    "names version " + version + ", which is "
                            + entry.get().state().wireName()
                            + ", not ready (upload the package and complete it first)");
        }
        JsonObject out = entry.get().updatePayload(plainUrl.apply(entry.get().blobName()));
        for (String kept : new String[] {"operationId", INSTALL_WINDOW}) {
            if (payload.has(kept)) {
                out.add(kept, payload.get(kept));
            }
        }
        return new Parsed.Valid<>(out);
    }

    private static Parsed<JsonObject> invalid(String field, String message) {
        return new Parsed.Invalid<>(List.of(new FieldError(field, message)));
    }
}
