package dev.fleetops.contract;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads typed fields from an untrusted JSON object, collecting one {@link FieldError} per problem
 * instead of throwing, so a caller can report every bad field at once.
 */
public final class JsonFields {
    private final JsonObject object;
    private final List<FieldError> errors = new ArrayList<>();

    /**
     * @param object        the object to read
     * @param allowed       field names the schema knows
     * @param rejectUnknown whether unknown fields are errors (portal API) or ignored (device side,
     *                      which must accept payloads from newer back-ends)
     */
    public JsonFields(JsonObject object, Set<String> allowed, boolean rejectUnknown) {
        this.object = object;
        if (rejectUnknown) {
            for (String key : object.keySet()) {
                if (!allowed.contains(key)) {
                    errors.add(new FieldError(key, "unknown field"));
                }
            }
        }
    }

    /** Wraps an optional payload element that must be an object or absent/null. */
    public static JsonObject objectOrEmpty(JsonElement payload, List<FieldError> errors) {
        if (payload == null || payload.isJsonNull()) {
            return new JsonObject();
        }
        if (!payload.isJsonObject()) {
            errors.add(new FieldError("$", "must be a JSON object"));
            return new JsonObject();
        }
        return payload.getAsJsonObject();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** A string field, or null when absent and optional. */
    public String string(String name, boolean required, int maxLength) {
        JsonElement e = object.get(name);
        if (e == null || e.isJsonNull()) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
            error(name, "must be a string");
            return null;
        }
        String s = p.getAsString();
        if (s.length() > maxLength) {
            error(name, "must be at most " + maxLength + " characters");
            return null;
        }
        return s;
    }

    /** A whole-number field within [min, max], or null when absent and optional. */
    public Long integer(String name, boolean required, long min, long max) {
        JsonElement e = object.get(name);
        if (e == null || e.isJsonNull()) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            error(name, "must be a number");
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(p.getAsString());
        } catch (NumberFormatException ex) {
            error(name, "must be a number");
            return null;
        }
        if (value.stripTrailingZeros().scale() > 0) {
            error(name, "must be a whole number");
            return null;
        }
        if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
            error(name, "must be between " + min + " and " + max);
            return null;
        }
        return value.longValueExact();
    }

    /** Convenience for schemas: an immutable set of field names. */
    public static Set<String> fields(String... names) {
        return Set.of(names);
    }
}
