package dev.fleetops.core.rollout.service;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One text per JSON value, whatever its formatting: object members sorted by name (code-point order), no
 * insignificant whitespace, strings written with Gson's escaping, numbers in one form ({@code 1}, {@code 1.0} and
 * {@code 1e0} are one number). Idempotency keys compare requests by the hash of this text, so two requests that
 * differ only in key order or spacing are the same request.
 */
public final class CanonicalJson {
    /** Number literals longer than this are kept as written: normalizing them is not worth its cost on hostile input. */
    private static final int MAX_NORMALIZED_NUMBER = 64;

    private CanonicalJson() {}

    public static String of(JsonElement value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(JsonElement e, StringBuilder out) {
        if (e == null || e.isJsonNull()) {
            out.append("null");
        } else if (e instanceof JsonObject o) {
            List<String> names = new ArrayList<>(o.keySet());
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                out.append(i == 0 ? "" : ",")
                        .append(new JsonPrimitive(names.get(i)))
                        .append(':');
                write(o.get(names.get(i)), out);
            }
            out.append('}');
        } else if (e instanceof JsonArray a) {
            out.append('[');
            for (int i = 0; i < a.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(a.get(i), out);
            }
            out.append(']');
        } else {
            JsonPrimitive p = e.getAsJsonPrimitive();
            out.append(p.isNumber() ? number(p) : p.toString());
        }
    }

    private static String number(JsonPrimitive p) {
        String literal = p.getAsString();
        if (literal.length() > MAX_NORMALIZED_NUMBER) {
            return literal;
        }
        try {
            BigDecimal d = new BigDecimal(literal).stripTrailingZeros();
            if (d.signum() == 0) {
                return "0";
            }
            // Plain digits while that stays short (100, 0.25); scientific notation beyond (1E+300).
            return d.scale() >= -20 && d.scale() <= 20 ? d.toPlainString() : d.toString();
        } catch (NumberFormatException ex) {
            return literal;
        }
    }
}
