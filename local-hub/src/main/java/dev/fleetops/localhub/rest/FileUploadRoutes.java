package dev.fleetops.localhub.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.files.FileUploads;
import dev.fleetops.localhub.hub.DeviceAuth;
import dev.fleetops.localhub.hub.Hub;
import dev.fleetops.localhub.x509.CertificateVerdict;

/**
 * The device-facing file upload endpoints, as iot-device-client 2.5.0 calls them over HTTPS
 * ({@code transport/https/HttpsTransportManager.getFileUploadSasUri} and {@code sendFileUploadNotification}, sent by
 * {@code HttpsIotHubConnection.sendHttpsMessage} to {@code https://{hostName}/devices/{id}/files[/notifications]
 * ?api-version=2020-09-30}):
 * <ul>
 *   <li>{@code POST /devices/{id}/files} with {@code {"blobName"}} → 200
 *       {@code {"correlationId","hostName","containerName","blobName","sasToken"}};</li>
 *   <li>{@code POST /devices/{id}/files/notifications} with
 *       {@code {"correlationId","isSuccess","statusCode","statusDescription"}} → 204.</li>
 * </ul>
 * The device authenticates as on MQTT: its SAS token in the {@code authorization} header (the SDK's
 * {@code HttpsIotHubConnection.sendRequest} sets it for SAS devices), or, for X.509 devices, the client certificate of
 * the TLS session (the SDK puts its key in the connection's SSLContext and sends no header).
 */
final class FileUploadRoutes {
    private final Hub hub;

    FileUploadRoutes(Hub hub) {
        this.hub = hub;
    }

    RestResponse start(String deviceId, RestRequest r) {
        authenticate(deviceId, r);
        JsonObject body = Bodies.object(r);
        JsonElement name = body.get("blobName");
        if (name == null
                || !name.isJsonPrimitive()
                || !name.getAsJsonPrimitive().isString()) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "blobName is required and must be a string");
        }
        FileUploads.Grant g = hub.fileUploads().start(deviceId, name.getAsString());
        JsonObject out = new JsonObject();
        out.addProperty("correlationId", g.correlationId());
        out.addProperty("hostName", g.hostName());
        out.addProperty("containerName", g.containerName());
        out.addProperty("blobName", g.blobName());
        out.addProperty("sasToken", g.sasToken());
        return RestResponse.json(200, out);
    }

    RestResponse complete(String deviceId, RestRequest r) {
        authenticate(deviceId, r);
        JsonObject body = Bodies.object(r);
        JsonElement id = body.get("correlationId");
        JsonElement success = body.get("isSuccess");
        if (id == null || !id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString()) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "correlationId is required and must be a string");
        }
        if (success == null
                || !success.isJsonPrimitive()
                || !success.getAsJsonPrimitive().isBoolean()) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "isSuccess is required and must be true or false");
        }
        hub.fileUploads().complete(deviceId, id.getAsString(), success.getAsBoolean());
        return RestResponse.empty(204);
    }

    private void authenticate(String deviceId, RestRequest r) {
        String token = r.header("authorization");
        boolean ok;
        if (token != null) {
            ok = hub.authenticateDevice(deviceId, token) == DeviceAuth.ACCEPTED;
        } else if (!r.clientChain().isEmpty()) {
            ok = hub.authenticateDevice(deviceId, r.clientChain()) instanceof CertificateVerdict.Accepted;
        } else {
            ok = false;
        }
        if (!ok) {
            throw new HubException(ErrorCodes.UNAUTHORIZED, "Unauthorized: the device's credentials were refused.");
        }
    }
}
