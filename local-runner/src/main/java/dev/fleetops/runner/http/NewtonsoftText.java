package dev.fleetops.runner.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Text as the host's .NET code writes it: Newtonsoft.Json's {@code JToken.ToString()} (indented, two spaces,
 * {@code "name": value}, Linux line ends) and {@code Formatting.None}, and {@code double.ToString()}.
 */
final class NewtonsoftText {
    private NewtonsoftText() {}

    static String indented(JsonElement e) {
        StringBuilder out = new StringBuilder();
        write(e, out, 0, true);
        return out.toString();
    }

    static String compact(JsonElement e) {
        StringBuilder out = new StringBuilder();
        write(e, out, 0, false);
        return out.toString();
    }

    private static void write(JsonElement e, StringBuilder out, int depth, boolean indent) {
        if (e == null || e.isJsonNull()) {
            out.append("null");
        } else if (e.isJsonPrimitive()) {
            out.append(primitive(e.getAsJsonPrimitive()));
        } else if (e.isJsonArray()) {
            if (e.getAsJsonArray().isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (JsonElement item : e.getAsJsonArray()) {
                out.append(first ? "" : ",");
                first = false;
                newline(out, depth + 1, indent);
                write(item, out, depth + 1, indent);
            }
            newline(out, depth, indent);
            out.append(']');
        } else {
            JsonObject o = e.getAsJsonObject();
            if (o.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> p : o.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                newline(out, depth + 1, indent);
                out.append(string(p.getKey())).append(indent ? ": " : ":");
                write(p.getValue(), out, depth + 1, indent);
            }
            newline(out, depth, indent);
            out.append('}');
        }
    }

    private static void newline(StringBuilder out, int depth, boolean indent) {
        if (indent) {
            out.append('\n').append("  ".repeat(depth));
        }
    }

    private static String primitive(JsonPrimitive p) {
        if (p.isBoolean()) {
            return p.getAsBoolean() ? "true" : "false";
        }
        if (p.isString()) {
            return string(p.getAsString());
        }
        String number = p.getAsString();
        if (number.contains(".") || number.contains("e") || number.contains("E")) {
            return jsonDouble(Double.parseDouble(number));
        }
        return new BigInteger(number).toString();
    }

    /** {@code JsonConvert.ToString(double)}: {@code double.ToString("R")} with ".0" added to whole numbers. */
    static String jsonDouble(double d) {
        String s = dotNetDouble(d);
        return s.contains(".") || s.contains("E") || Double.isNaN(d) || Double.isInfinite(d) ? s : s + ".0";
    }

    /** {@code double.ToString()} (.NET Core 3.0+): shortest round trip, exponent form from 1E+15 and at 1E-05 and below. */
    static String dotNetDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "∞" : "-∞";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal v = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = v.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - v.scale();
        String sign = v.signum() < 0 ? "-" : "";
        if (exponent >= 15 || exponent < -4) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "E" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        return sign + v.abs().toPlainString();
    }

    /** A JSON string as Newtonsoft escapes it by default: quotes, backslashes, control characters, U+0085/2028/2029. */
    static String string(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
