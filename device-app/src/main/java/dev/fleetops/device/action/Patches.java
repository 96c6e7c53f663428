package dev.fleetops.device.action;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.ActionReport;
import dev.fleetops.contract.DmReported;
import dev.fleetops.device.state.DeviceState;
import java.util.Map;

/** Builds reported-property patches from the device state. */
public final class Patches {
    private Patches() {}

    /**
     * The whole {@code iothubDM} as the state knows it, and {@code health} when the device has checked itself;
     * re-published after every (re)connect.
     */
    public static JsonObject full(DeviceState s) {
        JsonObject patch = DmReported.firmwareVersionPatch(s.firmwareVersion());
        for (ActionReport r : s.reports().sections().values()) {
            patch = merge(patch, DmReported.sectionPatch(r));
        }
        // The last self-test too, so a health gate sees the truth after a drop.
        return s.health() == null ? patch : merge(patch, s.health().patch());
    }

    /** Deep merge; values in {@code b} win. Neither argument is modified. */
    public static JsonObject merge(JsonObject a, JsonObject b) {
        JsonObject out = a.deepCopy();
        for (Map.Entry<String, JsonElement> e : b.entrySet()) {
            JsonElement mine = out.get(e.getKey());
            if (mine instanceof JsonObject mo && e.getValue() instanceof JsonObject bo) {
                out.add(e.getKey(), merge(mo, bo));
            } else {
                out.add(e.getKey(), e.getValue().deepCopy());
            }
        }
        return out;
    }

    /**
     * Nulls every reported property the device owns outside {@code iothubDM}, i.e. every key of the
     * last-read reported twin except {@code iothubDM}, the agent's {@code timeZone} (its configuration, not a
     * setting a reset wipes) and metadata; null when there is nothing to clear.
     */
    public static JsonObject clearOwnedSettings(JsonObject reported) {
        JsonObject patch = new JsonObject();
        for (String key : reported.keySet()) {
            if (!key.equals(DmReported.PROPERTY) && !key.equals(DmReported.TIME_ZONE) && !key.startsWith("$")) {
                patch.add(key, com.google.gson.JsonNull.INSTANCE);
            }
        }
        return patch.size() == 0 ? null : patch;
    }
}
