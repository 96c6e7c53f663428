package dev.fleetops.localhub.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/** Renders twins in the JSON shape IoT Hub returns and the SDK parsers expect. */
final class TwinDocuments {
    private TwinDocuments() {}

    static JsonObject full(DeviceEntry e, boolean withMetadata) {
        DeviceIdentity id = e.identity;
        TwinState t = e.twin;
        JsonObject twin = new JsonObject();
        twin.addProperty("deviceId", id.deviceId());
        twin.addProperty("etag", t.etag());
        twin.addProperty("deviceEtag", id.etag());
        twin.addProperty("version", t.version);
        // The SDK's Twin parser wants lower-case status; Device JSON differs (see RegistryDocuments).
        twin.addProperty("status", id.enabled() ? "enabled" : "disabled");
        twin.add(
                "statusReason",
                id.statusReason() == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(id.statusReason()));
        twin.addProperty("statusUpdateTime", Timestamps.format(id.statusUpdatedTime()));
        twin.addProperty("connectionState", e.connected() ? "Connected" : "Disconnected");
        twin.addProperty("connectionStateUpdatedTime", Timestamps.format(e.connectionStateUpdated));
        twin.addProperty("lastActivityTime", Timestamps.format(e.lastActivity));
        twin.addProperty("cloudToDeviceMessageCount", 0);
        twin.addProperty("authenticationType", id.credential().type());
        DeviceCredential.SelfSigned x509 = id.credential() instanceof DeviceCredential.SelfSigned s ? s : null;
        JsonObject thumbs = new JsonObject();
        thumbs.add(
                "primaryThumbprint",
                x509 == null || x509.primaryThumbprint() == null
                        ? JsonNull.INSTANCE
                        : new com.google.gson.JsonPrimitive(x509.primaryThumbprint()));
        thumbs.add(
                "secondaryThumbprint",
                x509 == null || x509.secondaryThumbprint() == null
                        ? JsonNull.INSTANCE
                        : new com.google.gson.JsonPrimitive(x509.secondaryThumbprint()));
        twin.add("x509Thumbprint", thumbs);
        twin.addProperty("modelId", "");
        JsonObject caps = new JsonObject();
        caps.addProperty("iotEdge", false);
        twin.add("capabilities", caps);
        twin.add("parentScopes", new JsonArray());
        twin.add("tags", t.tags.deepCopy());
        JsonObject props = new JsonObject();
        props.add("desired", t.desired.toJson(withMetadata));
        props.add("reported", t.reported.toJson(withMetadata));
        twin.add("properties", props);
        return twin;
    }
}
