package dev.fleetops.core.rollout.service;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.fleetops.contract.FieldError;
import dev.fleetops.contract.JsonFields;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link TargetFilter} from its JSON form, {@code {"tags": {path: value | [values]}, "reported": {...}}}, the
 * shape fleet operations ({@code target.filter}) and the device inventory ({@code ?filter=}) share. Values are kept
 * exactly as written or refused, never coerced; every error is named under the caller's {@code field}.
 */
public final class TargetFilterParser {
    private TargetFilterParser() {}

    /**
     * @param field  the JSON path the filter sits at, e.g. {@code target.filter}; errors are named under it
     * @param errors receives every problem, the filter's own {@link TargetFilter#problems(String)} included
     * @return the filter, or null when {@code e} is not an object (the error is added)
     */
    public static TargetFilter parse(JsonElement e, String field, List<FieldError> errors) {
        if (!(e instanceof JsonObject filter)) {
            errors.add(new FieldError(field, "must be an object with tags and/or reported"));
            return null;
        }
        List<FieldError> found = new ArrayList<>();
        JsonFields ff = new JsonFields(filter, JsonFields.fields("tags", "reported"), true);
        ff.errors().forEach(x -> found.add(new FieldError(field + "." + x.field(), x.message())));
        TargetFilter tf = new TargetFilter(
                conditions(filter.get("tags"), field, "tags", found),
                conditions(filter.get("reported"), field, "reported", found));
        // A value refused above is missing from its condition; say so once, not again as "needs 1 to 50 values".
        Set<String> named = new HashSet<>();
        found.forEach(x -> named.add(x.field()));
        tf.problems(field).stream().filter(x -> !named.contains(x.field())).forEach(found::add);
        errors.addAll(found);
        return tf;
    }

    private static Map<String, List<Object>> conditions(
            JsonElement e, String field, String section, List<FieldError> errors) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (!(e instanceof JsonObject o)) {
            errors.add(new FieldError(field + "." + section, "must be an object of path → value(s)"));
            return out;
        }
        for (Map.Entry<String, JsonElement> c : o.entrySet()) {
            List<Object> values = new ArrayList<>();
            List<JsonElement> raw = new ArrayList<>();
            if (c.getValue() instanceof JsonArray arr) {
                arr.forEach(raw::add);
            } else {
                raw.add(c.getValue());
            }
            String path = field + "." + section + "." + c.getKey();
            for (JsonElement v : raw) {
                Object value = filterValue(v, path, errors);
                if (value != null) {
                    values.add(value);
                }
            }
            out.put(c.getKey(), values);
        }
        return out;
    }

    /** Largest integer a JSON number carries exactly everywhere (IEEE double); IoT Hub stores numbers as such. */
    static final BigDecimal MAX_EXACT = BigDecimal.valueOf(1L << 53);

    /**
     * One filter value, exactly as written or refused: a string, a boolean, an integer within ±2^53, or a finite
     * decimal that a double holds as written. Nothing is coerced: {@code 1e70}, {@code -0} or an integer past
     * 2^53 would otherwise match other devices than the caller named, and null, arrays and objects have no
     * query literal.
     */
    private static Object filterValue(JsonElement v, String field, List<FieldError> errors) {
        if (!(v instanceof JsonPrimitive p)) {
            errors.add(new FieldError(
                    field,
                    "values must be strings, numbers or booleans (not "
                            + (v.isJsonNull() ? "null" : v.isJsonArray() ? "an array" : "an object") + ")"));
            return null;
        }
        if (p.isString()) {
            return p.getAsString();
        }
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        BigDecimal n;
        try {
            n = new BigDecimal(p.getAsString());
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(new FieldError(field, "numbers must be finite"));
            return null;
        }
        if (n.abs().compareTo(MAX_EXACT) > 0) {
            errors.add(new FieldError(field, "numbers must be within ±2^53 (9007199254740992)"));
            return null;
        }
        if (n.signum() == 0 && p.getAsString().trim().startsWith("-")) {
            errors.add(new FieldError(field, "-0 is not a distinct value; write 0"));
            return null;
        }
        BigDecimal plain = n.stripTrailingZeros();
        if (plain.scale() <= 0) {
            return plain.longValueExact();
        }
        double d = plain.doubleValue();
        if (new BigDecimal(Double.toString(d)).compareTo(plain) != 0) {
            errors.add(
                    new FieldError(field, "decimal numbers must be exact as a double (at most 17 significant digits)"));
            return null;
        }
        return d;
    }
}
