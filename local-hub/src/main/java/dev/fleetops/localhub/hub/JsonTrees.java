package dev.fleetops.localhub.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Merge-patch and limit checks for twin sections, as IoT Hub applies them. */
final class JsonTrees {
    /** IoT Hub's documented maximum depth of twin properties. */
    static final int MAX_DEPTH = 10;

    static final int MAX_KEY_LENGTH = 1024;

    private JsonTrees() {}

    /** Applies {@code patch} to {@code target} in place: null deletes, objects merge, anything else replaces. */
    static void merge(JsonObject target, JsonObject patch) {
        for (Map.Entry<String, JsonElement> e : patch.entrySet()) {
            JsonElement value = e.getValue();
            if (value == null || value.isJsonNull()) {
                target.remove(e.getKey());
            } else if (value.isJsonObject() && target.get(e.getKey()) instanceof JsonObject existing) {
                merge(existing, value.getAsJsonObject());
            } else {
                target.add(e.getKey(), withoutNulls(value));
            }
        }
    }

    /** A copy without null members (a new subtree's nulls delete nothing, so they are dropped). */
    static JsonElement withoutNulls(JsonElement value) {
        if (!value.isJsonObject()) {
            return value.deepCopy();
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
            if (e.getValue() != null && !e.getValue().isJsonNull()) {
                out.add(e.getKey(), withoutNulls(e.getValue()));
            }
        }
        return out;
    }

    /**
     * Checks a patch or document written by a client: key rules and depth.
     *
     * @throws HubException 400004 naming the offending key
     */
    static void checkKeys(JsonObject object, String section) {
        checkKeys(object, section, 1);
    }

    private static void checkKeys(JsonObject object, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID, path + " is nested deeper than " + MAX_DEPTH + " levels");
        }
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty()
                    || key.length() > MAX_KEY_LENGTH
                    || key.indexOf('.') >= 0
                    || key.indexOf(' ') >= 0
                    || key.indexOf('$') >= 0) {
                throw new HubException(
                        ErrorCodes.ARGUMENT_INVALID,
                        "invalid property name '" + shorten(key) + "' in " + path
                                + ": names cannot be empty or contain '.', ' ' or '$'");
            }
            if (e.getValue() instanceof JsonObject child) {
                checkKeys(child, path + "." + key, depth + 1);
            }
        }
    }

    static int size(JsonElement e) {
        return e.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
