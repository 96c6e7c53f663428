package dev.fleetops.localhub.hub;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registered device: its credential (SAS keys or X.509) and status. Immutable; the registry swaps whole records.
 *
 * @param etag         changes on every update (registry etag, not the twin's)
 * @param generationId distinguishes re-created devices with the same id
 */
public record DeviceIdentity(
        String deviceId,
        String generationId,
        String etag,
        DeviceCredential credential,
        boolean enabled,
        String statusReason,
        Instant statusUpdatedTime) {
    /** IoT Hub's device id alphabet (128 chars max). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.%_*?!(),:=@$']{1,128}");

    public DeviceIdentity {
        Objects.requireNonNull(deviceId, "'deviceId' cannot be null.");
        Objects.requireNonNull(credential, "'credential' cannot be null.");
    }

    /** The primary SAS key, or null for an X.509 device. */
    public String primaryKey() {
        return credential instanceof DeviceCredential.SymmetricKeys k ? k.primaryKey() : null;
    }

    /** The secondary SAS key, or null for an X.509 device. */
    public String secondaryKey() {
        return credential instanceof DeviceCredential.SymmetricKeys k ? k.secondaryKey() : null;
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public DeviceIdentity withStatus(boolean enabled, String reason, Instant now, String newEtag) {
        return new DeviceIdentity(
                deviceId,
                generationId,
                newEtag,
                credential,
                enabled,
                reason,
                enabled == this.enabled ? statusUpdatedTime : now);
    }

    public DeviceIdentity withCredential(DeviceCredential newCredential, String newEtag) {
        return new DeviceIdentity(
                deviceId, generationId, newEtag, newCredential, enabled, statusReason, statusUpdatedTime);
    }
}
