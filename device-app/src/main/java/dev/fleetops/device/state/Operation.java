package dev.fleetops.device.state;

import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import dev.fleetops.contract.Action;
import dev.fleetops.contract.ErrorInfo;
import dev.fleetops.contract.FirmwareManifest;

/**
 * The action the device is currently carrying out, as persisted between steps. {@code status} is the
 * wire name of the action's status enum (e.g. {@code downloading}) so one record serves all actions.
 * {@code packageUri} is the redacted URI that may be reported; {@code downloadUri} is the full one
 * (query string and any SAS signature included), kept only in the device's own state directory so an
 * interrupted download can resume after a restart. It is never reported or logged, and it disappears
 * from disk when the operation ends (finished operations keep only their id and status).
 *
 * @param action       persisted as {@code method}, the name state files have always used
 * @param stagedFile   the verified package waiting to be applied, relative to the state directory
 * @param signature    the request's detached manifest signature (base64), kept so a restart verifies again
 * @param signingKeyId the key the request named for {@code signature}, or null
 * @param manifestTerms the request's manifest v2 terms (model, security version, expiry), or null for v1; kept
 *                     so a restart checks them again and a confirmed update raises the stored security version
 * @param details      what any other action needs to carry on after a restart (its own fields, its choice);
 *                     kept only in the state directory, like {@code downloadUri}; null when unused
 */
public record Operation(
        String operationId,
        @SerializedName("method") Action<?, ?> action,
        String status,
        String startedAt,
        String updatedAt,
        Integer delaySeconds,
        String version,
        String packageUri,
        String sha256,
        Long sizeBytes,
        String stagedFile,
        ErrorInfo error,
        String downloadUri,
        String signature,
        String signingKeyId,
        JsonObject details,
        FirmwareManifest.Terms manifestTerms) {

    /** A new operation of {@code action} in its first status, with no action-specific fields yet. */
    public static Operation started(String id, Action<?, ?> action, String status, String now) {
        return new Operation(
                id, action, status, now, now, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static Operation reboot(String id, Integer delaySeconds, String status, String now) {
        return new Operation(
                id,
                Action.REBOOT,
                status,
                now,
                now,
                delaySeconds,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static Operation factoryReset(String id, String status, String now) {
        return started(id, Action.FACTORY_RESET, status, now);
    }

    public static Operation firmware(
            String id, String version, String redactedUri, String sha256, Long size, String status, String now) {
        return new Operation(
                id,
                Action.FIRMWARE_UPDATE,
                status,
                now,
                now,
                null,
                version,
                redactedUri,
                sha256,
                size,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** This operation moved to {@code newStatus} at {@code now}. */
    public Operation step(String newStatus, String now) {
        return new Operation(
                operationId,
                action,
                newStatus,
                startedAt,
                now,
                delaySeconds,
                version,
                packageUri,
                sha256,
                sizeBytes,
                stagedFile,
                error,
                downloadUri,
                signature,
                signingKeyId,
                details,
                manifestTerms);
    }

    public Operation withStagedFile(String file) {
        return new Operation(
                operationId,
                action,
                status,
                startedAt,
                updatedAt,
                delaySeconds,
                version,
                packageUri,
                sha256,
                sizeBytes,
                file,
                error,
                downloadUri,
                signature,
                signingKeyId,
                details,
                manifestTerms);
    }

    public Operation withError(ErrorInfo e) {
        return new Operation(
                operationId,
                action,
                status,
                startedAt,
                updatedAt,
                delaySeconds,
                version,
                packageUri,
                sha256,
                sizeBytes,
                stagedFile,
                e,
                downloadUri,
                signature,
                signingKeyId,
                details,
                manifestTerms);
    }

    /** The full package URI to download from; null once the package is staged. */
    public Operation withDownloadUri(String uri) {
        return new Operation(
                operationId,
                action,
                status,
                startedAt,
                updatedAt,
                delaySeconds,
                version,
                packageUri,
                sha256,
                sizeBytes,
                stagedFile,
                error,
                uri,
                signature,
                signingKeyId,
                details,
                manifestTerms);
    }

    /** The detached manifest signature the request carried, checked before anything is downloaded. */
    public Operation withSignature(String sig, String keyId) {
        return new Operation(
                operationId,
                action,
                status,
                startedAt,
                updatedAt,
                delaySeconds,
                version,
                packageUri,
                sha256,
                sizeBytes,
                stagedFile,
                error,
                downloadUri,
                sig,
                keyId,
                details,
                manifestTerms);
    }

    /** The manifest v2 terms the request carried (null for a v1 manifest). */
    public Operation withManifestTerms(FirmwareManifest.Terms terms) {
        return new Operation(
                operationId,
                action,
                status,
                startedAt,
                updatedAt,
                delaySeconds,
                version,
                packageUri,
                sha256,
                sizeBytes,
                stagedFile,
                error,
                downloadUri,
                signature,
                signingKeyId,
                details,
                terms);
    }

    /** This operation with {@code d} as its action-specific details (a copy is kept). */
    public Operation withDetails(JsonObject d) {
        return new Operation(
                operationId,
                action,
                status,
                startedAt,
                updatedAt,
                delaySeconds,
                version,
                packageUri,
                sha256,
                sizeBytes,
                stagedFile,
                error,
                downloadUri,
                signature,
                signingKeyId,
                d == null ? null : d.deepCopy(),
                manifestTerms);
    }
}
