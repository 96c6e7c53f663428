package dev.fleetops.core.firmware;

import com.google.gson.JsonObject;
import dev.fleetops.contract.FirmwareManifest;
import java.time.Instant;
import java.util.Objects;

/**
 * One catalog version.
 *
 * @param version           the firmware version devices install, and the catalog's key
 * @param name              a human name for the package (e.g. the product or image name)
 * @param compatibility     manifest v2: the device model it is for, or null
 * @param securityVersion   manifest v2: its security version, or null (v1 manifest)
 * @param manifestExpiresAt manifest v2: when devices stop accepting its manifest, or null
 * @param signature         base64 detached signature over the manifest, or null
 * @param signingKeyId      the key that made {@code signature}, or null
 * @param blobName          where the package lives in the firmware container
 * @param state             registered, ready or failed
 * @param sizeBytes         measured size (READY), or the size the registration announced, or null
 * @param sha256            measured SHA-256 (READY), or the one the registration announced, or null
 * @param failure           why the version FAILED, or null
 * @param registeredAt      when it was registered
 * @param registeredBy      who registered it (audit label)
 * @param readyAt           when it became READY or FAILED, or null
 * @param registeredById    the registrar's object id (who may not sign it: {@link FirmwareCatalogService#sign}), or
 *                          null for entries from before it was kept
 * @param signedBy          who had FleetOps sign it with the configured key (audit label), or null when the
 *                          registration brought its signature or it is unsigned
 */
public record FirmwareEntry(
        String version,
        String name,
        String compatibility,
        Long securityVersion,
        String manifestExpiresAt,
        String signature,
        String signingKeyId,
        String blobName,
        FirmwareState state,
        Long sizeBytes,
        String sha256,
        String failure,
        Instant registeredAt,
        String registeredBy,
        Instant readyAt,
        String registeredById,
        String signedBy) {
    public FirmwareEntry {
        Objects.requireNonNull(version, "'version' cannot be null.");
        Objects.requireNonNull(blobName, "'blobName' cannot be null.");
        Objects.requireNonNull(state, "'state' cannot be null.");
        Objects.requireNonNull(registeredAt, "'registeredAt' cannot be null.");
    }

    /** Where each version's package lives: one blob per version, so a read link names exactly one package. */
    public static String blobNameOf(String version) {
        return version + "/package.bin";
    }

    public FirmwareEntry ready(long measuredSize, String measuredSha256, Instant at) {
        return new FirmwareEntry(
                version,
                name,
                compatibility,
                securityVersion,
                manifestExpiresAt,
                signature,
                signingKeyId,
                blobName,
                FirmwareState.READY,
                measuredSize,
                measuredSha256,
                null,
                registeredAt,
                registeredBy,
                at,
                registeredById,
                signedBy);
    }

    public FirmwareEntry failed(String why, Instant at) {
        return new FirmwareEntry(
                version,
                name,
                compatibility,
                securityVersion,
                manifestExpiresAt,
                signature,
                signingKeyId,
                blobName,
                FirmwareState.FAILED,
                sizeBytes,
                sha256,
                why,
                registeredAt,
                registeredBy,
                at,
                registeredById,
                signedBy);
    }

    /** This version signed by FleetOps' configured key on {@code signer}'s request. */
    public FirmwareEntry signed(String newSignature, String keyId, String signer) {
        return new FirmwareEntry(
                version,
                name,
                compatibility,
                securityVersion,
                manifestExpiresAt,
                newSignature,
                keyId,
                blobName,
                state,
                sizeBytes,
                sha256,
                failure,
                registeredAt,
                registeredBy,
                readyAt,
                registeredById,
                signer);
    }

    /** What a signature of this READY version covers: v2 when it has a security version and an expiry, else v1. */
    public FirmwareManifest manifest() {
        if (state != FirmwareState.READY) {
            throw new IllegalStateException("version " + version + " is " + state.wireName() + ", not ready");
        }
        FirmwareManifest.Terms terms = securityVersion == null || manifestExpiresAt == null
                ? null
                : new FirmwareManifest.Terms(compatibility, securityVersion, manifestExpiresAt);
        return new FirmwareManifest(version, sha256, sizeBytes, terms);
    }

    /**
     * The firmware-update payload this version stands for (no operation id), with {@code packageUri} the blob's
     * plain URL: the link a device gets is signed when the call is sent ({@link PackageLinks}).
     */
    public JsonObject updatePayload(String packageUri) {
        if (state != FirmwareState.READY) {
            throw new IllegalStateException("version " + version + " is " + state.wireName() + ", not ready");
        }
        JsonObject p = new JsonObject();
        p.addProperty("version", version);
        p.addProperty("packageUri", packageUri);
        p.addProperty("sha256", sha256);
        p.addProperty("sizeBytes", sizeBytes);
        if (signature != null) {
            p.addProperty("signature", signature);
        }
        if (signingKeyId != null) {
            p.addProperty("signingKeyId", signingKeyId);
        }
        if (compatibility != null) {
            p.addProperty("compatibility", compatibility);
        }
        if (securityVersion != null) {
            p.addProperty("securityVersion", securityVersion);
        }
        if (manifestExpiresAt != null) {
            p.addProperty("manifestExpiresAt", manifestExpiresAt);
        }
        return p;
    }
}
