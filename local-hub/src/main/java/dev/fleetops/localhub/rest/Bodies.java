package dev.fleetops.localhub.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.io.StringReader;

/** Reads request bodies and fields, turning every malformed input into a 400 the SDKs understand. */
final class Bodies {
    private Bodies() {}

    static JsonObject object(RestRequest r) {
        String text = r.bodyText();
        if (text.isBlank()) {
            throw new HubException(
                    ErrorCodes.IOTHUB_FORMAT_ERROR, "The request body is empty; a JSON object is required.");
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.LEGACY_STRICT);
            JsonElement e = JsonParser.parseReader(reader);
            if (!e.isJsonObject()) {
                throw new HubException(ErrorCodes.IOTHUB_FORMAT_ERROR, "The request body must be a JSON object.");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | StackOverflowError e) {
            throw new HubException(ErrorCodes.IOTHUB_FORMAT_ERROR, "The request body is not valid JSON.");
        }
    }

    /** A child object, or null when absent or JSON null. @throws HubException if present but not an object */
    static JsonObject childObject(JsonObject parent, String name) {
        JsonElement e = parent == null ? null : parent.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonObject()) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "'" + name + "' must be a JSON object.");
        }
        return e.getAsJsonObject();
    }

    static String string(JsonObject parent, String name) {
        JsonElement e = parent == null ? null : parent.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            throw new HubException(ErrorCodes.ARGUMENT_INVALID, "'" + name + "' must be a string.");
        }
        return p.getAsString();
    }

    /** An integer field within [min, max], or the fallback when absent. */
    static int integer(JsonObject parent, String name, int fallback, int min, int max) {
        JsonElement e = parent.get(name);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        try {
            if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
                throw new NumberFormatException();
            }
            double d = p.getAsDouble();
            if (d != Math.rint(d) || d < min || d > max) {
                throw new NumberFormatException();
            }
            return (int) d;
        } catch (NumberFormatException ex) {
            throw new HubException(
                    ErrorCodes.ARGUMENT_INVALID,
                    "'" + name + "' must be a whole number between " + min + " and " + max + ".");
        }
    }
}
