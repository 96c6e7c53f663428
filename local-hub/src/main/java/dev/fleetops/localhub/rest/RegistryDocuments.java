package dev.fleetops.localhub.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.localhub.hub.DeviceIdentity;
import dev.fleetops.localhub.hub.DeviceView;
import dev.fleetops.localhub.hub.Timestamps;

/** Device identities in the JSON shape the registry API returns (the SDK requires {@code authentication}). */
final class RegistryDocuments {
    private RegistryDocuments() {}

    static JsonObject device(DeviceView v) {
        DeviceIdentity d = v.identity();
        JsonObject o = new JsonObject();
        o.addProperty("deviceId", d.deviceId());
        o.addProperty("generationId", d.generationId());
        o.addProperty("etag", d.etag());
        o.addProperty("connectionState", v.connected() ? "Connected" : "Disconnected");
        o.addProperty("status", d.enabled() ? "enabled" : "disabled");
        o.add("statusReason", d.statusReason() == null ? JsonNull.INSTANCE : new JsonPrimitive(d.statusReason()));
        o.addProperty("connectionStateUpdatedTime", Timestamps.format(v.connectionStateUpdated()));
        o.addProperty("statusUpdatedTime", Timestamps.format(d.statusUpdatedTime()));
        o.addProperty("lastActivityTime", Timestamps.format(v.lastActivity()));
        o.addProperty("cloudToDeviceMessageCount", 0);
        JsonObject keys = new JsonObject();
        keys.addProperty("primaryKey", d.primaryKey());
        keys.addProperty("secondaryKey", d.secondaryKey());
        JsonObject thumbs = new JsonObject();
        thumbs.add("primaryThumbprint", JsonNull.INSTANCE);
        thumbs.add("secondaryThumbprint", JsonNull.INSTANCE);
        JsonObject auth = new JsonObject();
        auth.add("symmetricKey", keys);
        auth.add("x509Thumbprint", thumbs);
        auth.addProperty("type", "sas");
        o.add("authentication", auth);
        JsonObject caps = new JsonObject();
        caps.addProperty("iotEdge", false);
        o.add("capabilities", caps);
        o.addProperty("deviceScope", "");
        o.add("parentScopes", new JsonArray());
        return o;
    }

    /** Statistics with both field spellings: the 2.1.9 SDK reads {@code enableDeviceCount}. */
    static JsonObject statistics(long[] counts) {
        JsonObject o = new JsonObject();
        o.addProperty("totalDeviceCount", counts[0]);
        o.addProperty("enabledDeviceCount", counts[1]);
        o.addProperty("enableDeviceCount", counts[1]);
        o.addProperty("disabledDeviceCount", counts[2]);
        return o;
    }
}
