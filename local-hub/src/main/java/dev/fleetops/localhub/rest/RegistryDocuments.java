package dev.fleetops.localhub.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.localhub.hub.DeviceCredential;
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
        // IoT Hub returns both members whatever the type, with nulls for the ones the type does not use.
        JsonObject keys = new JsonObject();
        keys.add("primaryKey", orNull(d.primaryKey()));
        keys.add("secondaryKey", orNull(d.secondaryKey()));
        DeviceCredential.SelfSigned t = d.credential() instanceof DeviceCredential.SelfSigned s ? s : null;
        JsonObject thumbs = new JsonObject();
        thumbs.add("primaryThumbprint", orNull(t == null ? null : t.primaryThumbprint()));
        thumbs.add("secondaryThumbprint", orNull(t == null ? null : t.secondaryThumbprint()));
        JsonObject auth = new JsonObject();
        auth.add("symmetricKey", keys);
        auth.add("x509Thumbprint", thumbs);
        auth.addProperty("type", d.credential().type());
        o.add("authentication", auth);
        JsonObject caps = new JsonObject();
        caps.addProperty("iotEdge", false);
        o.add("capabilities", caps);
        o.addProperty("deviceScope", "");
        o.add("parentScopes", new JsonArray());
        return o;
    }

    private static com.google.gson.JsonElement orNull(String s) {
        return s == null ? JsonNull.INSTANCE : new JsonPrimitive(s);
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
