package dev.fleetops.localhub.rest;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.DeviceCredential;
import dev.fleetops.localhub.hub.DeviceIdentity;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.IfMatch;
import dev.fleetops.localhub.x509.Thumbprints;
import java.util.Base64;

/** {@code /devices/{id}} and {@code /statistics/devices}: the identity registry. */
final class RegistryRoutes {
    private final Hub hub;

    RegistryRoutes(Hub hub) {
        this.hub = hub;
    }

    RestResponse get(String deviceId) {
        return device(deviceId);
    }

    /**
     * Without If-Match a PUT creates (409001 if it exists); with If-Match it updates (404001 if absent, 412001 when
     * {@link IfMatch#checkRegistry} refuses).
     */
    RestResponse put(String deviceId, RestRequest r) {
        JsonObject body = Bodies.object(r);
        String bodyId = Bodies.string(body, "deviceId");
        if (bodyId != null && !bodyId.equals(deviceId)) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "deviceId in the body does not match the URL.");
        }
        DeviceCredential credential = credential(Bodies.childObject(body, "authentication"));
        String status = Bodies.string(body, "status");
        boolean enabled = status == null || !status.equalsIgnoreCase("disabled");
        IfMatch ifMatch = IfMatch.parse(r.header("if-match"));
        if (ifMatch.isAbsent()) {
            hub.addDevice(deviceId, credential, enabled);
        } else {
            hub.updateDevice(deviceId, enabled, Bodies.string(body, "statusReason"), credential, ifMatch);
        }
        return device(deviceId);
    }

    RestResponse delete(String deviceId, RestRequest r) {
        hub.removeDevice(deviceId, IfMatch.parse(r.header("if-match")));
        return RestResponse.empty(204);
    }

    private RestResponse device(String deviceId) {
        JsonObject device = RegistryDocuments.device(hub.view(deviceId));
        return RestResponse.json(200, device).withEtag(device.get("etag").getAsString());
    }

    RestResponse statistics() {
        return RestResponse.json(200, RegistryDocuments.statistics(hub.statistics()));
    }

    /**
     * {@code authentication} as the service SDK sends it: {@code type} {@code sas} (the default) with
     * {@code symmetricKey}, {@code selfSigned} with {@code x509Thumbprint}, or {@code certificateAuthority} alone;
     * null when there is none.
     */
    private static DeviceCredential credential(JsonObject auth) {
        if (auth == null) {
            return null; // an update keeps the credential; a new device gets generated SAS keys
        }
        String type = Bodies.string(auth, "type");
        if (type == null || type.equals("sas")) {
            JsonObject keys = Bodies.childObject(auth, "symmetricKey");
            return new DeviceCredential.SymmetricKeys(
                    key(Bodies.string(keys, "primaryKey"), "primaryKey"),
                    key(Bodies.string(keys, "secondaryKey"), "secondaryKey"));
        }
        if (type.equals("certificateAuthority")) {
            return new DeviceCredential.CertificateAuthority();
        }
        if (type.equals("selfSigned")) {
            JsonObject thumbs = Bodies.childObject(auth, "x509Thumbprint");
            String primary = thumbprint(Bodies.string(thumbs, "primaryThumbprint"), "primaryThumbprint");
            String secondary = thumbprint(Bodies.string(thumbs, "secondaryThumbprint"), "secondaryThumbprint");
            if (primary == null && secondary == null) {
                throw new HubException(
                        ErrorCodes.ARGUMENT_INVALID, "A selfSigned device needs x509Thumbprint.primaryThumbprint.");
            }
            return new DeviceCredential.SelfSigned(primary, secondary);
        }
        throw new HubException(
                ErrorCodes.ARGUMENT_INVALID, "authentication.type must be sas, selfSigned or certificateAuthority.");
    }

    /** A thumbprint is the hex SHA-1 (40 digits) or SHA-256 (64 digits) of the DER certificate. */
    private static String thumbprint(String value, String field) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        String canonical = Thumbprints.normalize(value);
        if (canonical == null) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID, field + " must be a SHA-1 or SHA-256 thumbprint in hex.");
        }
        return canonical;
    }

    /** SAS keys must be base64 of 16 to 64 bytes, as IoT Hub requires. */
    private static String key(String value, String field) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            int n = Base64.getDecoder().decode(value).length;
            if (n >= 16 && n <= 64) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new HubException(ErrorCodes.ARGUMENT_INVALID, field + " must be base64 of 16 to 64 bytes.");
    }

    static void checkId(String deviceId) {
        if (!DeviceIdentity.isValidId(deviceId)) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "Invalid device id.");
        }
    }
}
