package dev.fleetops.contract;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;

/**
 * Parses untrusted JSON (HTTP bodies, method payloads, twin documents) strictly: RFC 8259 syntax only,
 * no duplicate keys (two parsers could disagree on which one wins), bounded nesting, nothing after the
 * value. Gson's own lenient defaults accept comments, single quotes and trailing garbage.
 */
public final class StrictJson {

    /** Deep enough for any FleetOps document; shallow enough that hostile input cannot exhaust the stack. */
    public static final int MAX_DEPTH = 32;

    /** Serializer shared by both sides: no HTML escaping, nulls omitted. */
    public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private StrictJson() {}

    /**
     * Parses one JSON value.
     *
     * @throws JsonInputException if the text is not a single, strictly valid JSON value
     */
    public static JsonElement parse(String text) {
        if (text == null || text.isBlank()) {
            throw new JsonInputException("body is empty; a JSON value is required");
        }
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement value = read(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonInputException("unexpected data after the JSON value at " + reader.getPath());
            }
            return value;
        } catch (JsonInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new JsonInputException("malformed JSON: " + cleanMessage(e));
        }
    }

    /** Parses a value that must be a JSON object. */
    public static JsonObject parseObject(String text) {
        JsonElement e = parse(text);
        if (!e.isJsonObject()) {
            throw new JsonInputException("a JSON object is required");
        }
        return e.getAsJsonObject();
    }

    private static JsonElement read(JsonReader reader, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new JsonInputException("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject obj = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (obj.has(name)) {
                        throw new JsonInputException("duplicate key '" + name + "' at " + reader.getPath());
                    }
                    obj.add(name, read(reader, depth + 1));
                }
                reader.endObject();
                return obj;
            }
            case BEGIN_ARRAY -> {
                JsonArray arr = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    arr.add(read(reader, depth + 1));
                }
                reader.endArray();
                return arr;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new LazilyParsedNumber(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new JsonInputException("unexpected " + reader.peek() + " at " + reader.getPath());
        }
    }

    private static String cleanMessage(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // Gson appends a troubleshooting URL; a client needs only the first sentence.
        int cut = m.indexOf("\nSee ");
        return cut > 0 ? m.substring(0, cut) : m;
    }
}
