package dev.fleetops.localhub.query.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

/** {@link JsonView} over Gson trees, the representation the rest of the hub keeps twins in. Stateless. */
public final class GsonJsonView implements JsonView<JsonElement> {
    public static final GsonJsonView INSTANCE = new GsonJsonView();
    /** Deeper values group by identity: building a key for them would recurse too deep on a hostile twin. */
    private static final int MAX_GROUP_KEY_DEPTH = 32;

    private GsonJsonView() {}

    @Override
    public JsonKind kind(JsonElement v) {
        if (v.isJsonObject()) {
            return JsonKind.OBJECT;
        } else if (v.isJsonArray()) {
            return JsonKind.ARRAY;
        } else if (v.isJsonNull()) {
            return JsonKind.NULL;
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        return p.isBoolean() ? JsonKind.BOOLEAN : p.isNumber() ? JsonKind.NUMBER : JsonKind.STRING;
    }

    @Override
    public boolean asBoolean(JsonElement v) {
        return v.getAsBoolean();
    }

    @Override
    public double asNumber(JsonElement v) {
        try {
            return v.getAsDouble();
        } catch (NumberFormatException e) {
            // A LazilyParsedNumber holds unchecked text; treat unreadable numbers as "not a number".
            return Double.NaN;
        }
    }

    @Override
    public String asString(JsonElement v) {
        return v.getAsString();
    }

    @Override
    public JsonElement member(JsonElement object, String key) {
        return object.isJsonObject() ? object.getAsJsonObject().get(key) : null;
    }

    @Override
    public Iterable<String> keys(JsonElement object) {
        return object.isJsonObject() ? object.getAsJsonObject().keySet() : List.of();
    }

    @Override
    public JsonElement string(String value) {
        return new JsonPrimitive(value);
    }

    @Override
    public JsonElement number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
            return new JsonPrimitive((long) value);
        }
        return new JsonPrimitive(value);
    }

    @Override
    public JsonElement bool(boolean value) {
        return new JsonPrimitive(value);
    }

    @Override
    public JsonElement nullValue() {
        return JsonNull.INSTANCE;
    }

    @Override
    public JsonElement newObject() {
        return new JsonObject();
    }

    @Override
    public void put(JsonElement object, String key, JsonElement value) {
        object.getAsJsonObject().add(key, value);
    }

    @Override
    public Object groupKey(JsonElement v) {
        return switch (kind(v)) {
            case NULL -> JsonKind.NULL;
            case BOOLEAN -> v.getAsBoolean();
            // 1, 1.0 and 1e0 are one group; +0.0 folds -0.0 into 0.
            case NUMBER -> asNumber(v) + 0.0;
            case STRING -> v.getAsString();
            case OBJECT, ARRAY -> shallowerThan(v, MAX_GROUP_KEY_DEPTH) ? new Composite(canonical(v)) : new Object();
        };
    }

    /** Group key of an object or array; a distinct type, so it never equals a string key. */
    private record Composite(String canonical) {}

    /**
     * Canonical text with sorted member names and numbers by value. Written here rather than using Gson's
     * equals/hashCode, which throw on unreadable number text. Recursion is safe: depth was checked first.
     */
    private String canonical(JsonElement v) {
        return switch (kind(v)) {
            case NULL -> "null";
            case BOOLEAN, STRING -> v.toString();
            case NUMBER -> String.valueOf(asNumber(v) + 0.0);
            case ARRAY -> {
                StringBuilder out = new StringBuilder("[");
                v.getAsJsonArray().forEach(e -> out.append(canonical(e)).append(','));
                yield out.append(']').toString();
            }
            case OBJECT -> {
                StringBuilder out = new StringBuilder("{");
                new TreeMap<>(v.getAsJsonObject().asMap())
                        .forEach((k, e) -> out.append(new JsonPrimitive(k))
                                .append(':')
                                .append(canonical(e))
                                .append(','));
                yield out.append('}').toString();
            }
        };
    }

    /** Iterative, so checking depth cannot itself overflow the stack. */
    private static boolean shallowerThan(JsonElement root, int limit) {
        Deque<JsonElement> level = new ArrayDeque<>(List.of(root));
        for (int depth = 0; !level.isEmpty(); depth++) {
            if (depth >= limit) {
                return false;
            }
            Deque<JsonElement> next = new ArrayDeque<>();
            for (JsonElement e : level) {
                if (e.isJsonObject()) {
                    next.addAll(e.getAsJsonObject().asMap().values());
                } else if (e.isJsonArray()) {
                    ((JsonArray) e).forEach(next::add);
                }
            }
            level = next;
        }
        return true;
    }
}
