package dev.fleetops.localhub.rest;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.DeviceIdentity;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.hub.IfMatch;
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
        JsonObject auth = Bodies.childObject(body, "authentication");
        String type = Bodies.string(auth, "type");
        if (type != null && !type.equals("sas")) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID, "Only symmetric-key (sas) devices are supported by the local hub.");
        }
        JsonObject keys = Bodies.childObject(auth, "symmetricKey");
        String primary = key(Bodies.string(keys, "primaryKey"), "primaryKey");
        String secondary = key(Bodies.string(keys, "secondaryKey"), "secondaryKey");
        String status = Bodies.string(body, "status");
        boolean enabled = status == null || !status.equalsIgnoreCase("disabled");
        IfMatch ifMatch = IfMatch.parse(r.header("if-match"));
        if (ifMatch.isAbsent()) {
            hub.addDevice(deviceId, primary, secondary, enabled);
        } else {
            hub.updateDevice(deviceId, enabled, Bodies.string(body, "statusReason"), primary, secondary, ifMatch);
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
