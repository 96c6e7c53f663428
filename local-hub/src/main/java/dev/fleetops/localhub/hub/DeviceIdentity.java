package dev.fleetops.localhub.hub;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A registered device: its SAS keys and status. Immutable; the registry swaps whole records.
 *
 * @param etag         changes on every update (registry etag, not the twin's)
 * @param generationId distinguishes re-created devices with the same id
 */
public record DeviceIdentity(
        String deviceId,
        String generationId,
        String etag,
        String primaryKey,
        String secondaryKey,
        boolean enabled,
        String statusReason,
        Instant statusUpdatedTime) {
    /** IoT Hub's device id alphabet (128 chars max). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.%_*?!(),:=@$']{1,128}");

    public DeviceIdentity {
        Objects.requireNonNull(deviceId, "'deviceId' cannot be null.");
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public DeviceIdentity withStatus(boolean enabled, String reason, Instant now, String newEtag) {
        return new DeviceIdentity(
                deviceId,
                generationId,
                newEtag,
                primaryKey,
                secondaryKey,
                enabled,
                reason,
                enabled == this.enabled ? statusUpdatedTime : now);
    }

    public DeviceIdentity withKeys(String primary, String secondary, String newEtag) {
        return new DeviceIdentity(
                deviceId, generationId, newEtag, primary, secondary, enabled, statusReason, statusUpdatedTime);
    }
}
