package dev.fleetops.localhub.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.localhub.c2d.CloudToDeviceMessage;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import dev.fleetops.localhub.hub.Hub;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /devices/{id}/messages/devicebound}: a FleetOps-specific way to send a cloud-to-device message,
 * since the service SDKs send them over AMQP, which the local hub does not speak. Body:
 * {@code {"body": "text" | any JSON, "properties": {"k": "v"}, "messageId": "…"}}; a JSON body is sent as its
 * JSON text. Answers 200 with {@code {"messageId":…,"queueDepth":n}}.
 */
final class CloudToDeviceRoutes {
    private final Hub hub;

    CloudToDeviceRoutes(Hub hub) {
        this.hub = hub;
    }

    RestResponse send(String deviceId, RestRequest r) {
        JsonObject request = Bodies.object(r);
        JsonElement body = request.get("body");
        byte[] bytes;
        if (body == null || body.isJsonNull()) {
            bytes = new byte[0];
        } else if (body instanceof JsonPrimitive p && p.isString()) {
            bytes = p.getAsString().getBytes(StandardCharsets.UTF_8);
        } else {
            bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        JsonObject props = Bodies.childObject(request, "properties");
        if (props != null) {
            for (String k : props.keySet()) {
                JsonElement v = props.get(k);
                if (!(v instanceof JsonPrimitive p) || !p.isString()) {
                    throw new HubException(
                            ErrorCodes.ARGUMENT_INVALID, "Property '" + k + "' must have a string value.");
                }
                properties.put(k, p.getAsString());
            }
        }
        CloudToDeviceMessage m =
                hub.sendCloudToDevice(deviceId, bytes, properties, Bodies.string(request, "messageId"));
        JsonObject out = new JsonObject();
        out.addProperty("messageId", m.messageId());
        out.addProperty("queueDepth", hub.pendingCloudToDevice(deviceId).size());
        return RestResponse.json(200, out);
    }
}
