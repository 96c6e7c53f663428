package dev.fleetops.runner.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.fleetops.runner.app.WorkerPlatform;
import dev.fleetops.standins.http.WorkerHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the client receives for what a function returned, in the two steps it takes on Azure.
 *
 * <p><b>The worker</b> ({@code binding/RpcHttpDataTarget.toRpcHttpData}, {@code RpcUnspecifiedDataTarget}) sends a
 * response built with {@code createResponseBuilder} as status, headers and a body that is a string, bytes, an
 * integer ({@code Long}, {@code Integer}, {@code Short}, {@code Byte}), a double ({@code Double}, {@code Float}) or
 * else JSON written by <em>its</em> Gson ({@code new Gson()}, HTML escaping on); {@code null} is the JSON
 * {@code null}. Any other return value is sent the same way, without status or headers.
 *
 * <p><b>The host</b> ({@code GrpcMessageExtensionUtilities.ConvertFromHttpMessageToExpando}, {@code HttpBinding},
 * {@code RawScriptResult}, ASP.NET Core's {@code StringOutputFormatter}) reads JSON back with Newtonsoft.Json and
 * writes: a string as it is; bytes as they are; anything else as {@code ToString()} (JSON objects and arrays
 * indented, {@code True}/{@code False}, .NET number formats). Text goes out with the function's Content-Type,
 * its charset set to {@code utf-8}, or {@code text/plain; charset=utf-8}; bytes with the function's Content-Type
 * or none. A returned string that parses as a JSON object with a {@code body} property is taken as a response
 * object ({@code statusCode}/{@code status}, {@code headers}, {@code body}). Nothing returned (null, void) is a
 * 200 without body or Content-Type ({@code OkResult}).
 */
final class HostResponse {
    private static final String TEXT_PLAIN = "text/plain";

    /** The status, the headers as the function named them, and the body bytes (empty for none). */
    record Response(int status, Map<String, String> headers, byte[] body) {}

    private HostResponse() {}

    static Response of(Object result, WorkerPlatform platform) {
        if (result == null) {
            return new Response(200, Map.of(), new byte[0]);
        }
        if (result instanceof WorkerHttpResponse r) {
            Object content = hostValue(workerBody(r.body(), platform));
            return write(r.getStatusCode(), r.headers(), content);
        }
        Object value = hostValue(workerBody(result, platform));
        if (value == null) {
            return new Response(200, Map.of(), new byte[0]);
        }
        return topLevel(value instanceof String s ? parseOrKeep(s) : value);
    }

    /** The worker's encoding of a value: String, byte[], Long, Double, or a JSON document (as {@link Json}). */
    private static Object workerBody(Object body, WorkerPlatform platform) {
        if (body == null) {
            return new Json("null");
        }
        if (body instanceof String || body instanceof byte[]) {
            return body;
        }
        if (body instanceof Long || body instanceof Integer || body instanceof Short || body instanceof Byte) {
            return ((Number) body).longValue();
        }
        if (body instanceof Double || body instanceof Float) {
            return ((Number) body).doubleValue();
        }
        return new Json(platform.toJson(body));
    }

    /** JSON text the worker sent ({@code TypedData.json}). */
    private record Json(String text) {}

    /** {@code TypedData.ToObject()}: JSON is read back (into a tree, here), everything else stays as sent. */
    private static Object hostValue(Object workerValue) {
        if (workerValue instanceof Json j) {
            JsonElement e = JsonParser.parseString(j.text());
            return e.isJsonNull() ? null : e;
        }
        return workerValue;
    }

    /** {@code HttpBinding.CreateResult} for a returned value: a string is tried as JSON first. */
    private static Object parseOrKeep(String s) {
        try {
            JsonElement e = JsonParser.parseString(s);
            return e.isJsonNull() ? null : e;
        } catch (RuntimeException notJson) {
            return s;
        }
    }

    private static Response topLevel(Object content) {
        if (content instanceof JsonObject o) {
            String body = property(o, "body");
            if (body != null) {
                Map<String, String> headers = new LinkedHashMap<>();
                String headersKey = property(o, "headers");
                if (headersKey != null && o.get(headersKey).isJsonObject()) {
                    o.getAsJsonObject(headersKey)
                            .entrySet()
                            .forEach(h -> headers.put(h.getKey(), expandoText(h.getValue())));
                }
                return write(status(o), headers, expandoContent(o.get(body)));
            }
        }
        return write(200, Map.of(), content);
    }

    /** {@code TryParseStatusCode}: {@code statusCode}, else {@code status}; an integer or a string of one. */
    private static int status(JsonObject o) {
        String key = property(o, "statusCode");
        key = key != null ? key : property(o, "status");
        if (key != null && o.get(key) instanceof JsonPrimitive p) {
            try {
                return p.isNumber()
                        ? p.getAsBigDecimal().intValueExact()
                        : Integer.parseInt(p.getAsString().trim());
            } catch (ArithmeticException | NumberFormatException notAnInt) {
                return 200;
            }
        }
        return 200;
    }

    /** The name of a property matched ignoring case, as {@code TryGetValue(..., ignoreCase: true)}. */
    private static String property(JsonObject o, String name) {
        return o.keySet().stream()
                .filter(k -> k.equalsIgnoreCase(name))
                .findFirst()
                .orElse(null);
    }

    /** A response object's body after {@code DeserializeObject<ExpandoObject>}: objects become compact JSON. */
    private static Object expandoContent(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonObject()) {
            return NewtonsoftText.compact(e);
        }
        if (e.isJsonArray()) {
            return "System.Collections.Generic.List`1[System.Object]";
        }
        return e;
    }

    private static String expandoText(JsonElement e) {
        Object c = expandoContent(e);
        return c == null ? "" : c instanceof JsonElement j ? toText(j) : c.toString();
    }

    /** {@code RawScriptResult.ExecuteResultAsync} and the output formatters. */
    private static Response write(int status, Map<String, String> functionHeaders, Object content) {
        Map<String, String> headers = new LinkedHashMap<>();
        String contentType = null;
        for (Map.Entry<String, String> h : functionHeaders.entrySet()) {
            if (h.getKey().equalsIgnoreCase("content-type")) {
                contentType = h.getValue();
            } else if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(h.getKey()))) {
                headers.put(h.getKey(), h.getValue() == null ? "" : h.getValue());
            }
        }
        if (content instanceof byte[] bytes) {
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return new Response(status, headers, bytes);
        }
        String text = content == null ? "" : content instanceof String s ? s : toText(content);
        headers.put("Content-Type", withUtf8(contentType == null ? TEXT_PLAIN : contentType));
        return new Response(status, headers, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code ToString()} of what Newtonsoft read: indented JSON, .NET booleans and numbers. */
    private static String toText(Object content) {
        if (content instanceof Long l) {
            return Long.toString(l);
        }
        if (content instanceof Double d) {
            return NewtonsoftText.dotNetDouble(d);
        }
        JsonElement e = (JsonElement) content;
        if (e.isJsonObject() || e.isJsonArray()) {
            return NewtonsoftText.indented(e);
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean() ? "True" : "False";
        }
        if (p.isNumber()) {
            String n = p.getAsString();
            return n.contains(".") || n.contains("e") || n.contains("E")
                    ? NewtonsoftText.dotNetDouble(p.getAsDouble())
                    : n;
        }
        return p.getAsString();
    }

    /**
     * {@code TextOutputFormatter.WriteAsync} overrides the charset with the one it writes ({@code MediaType.ReplaceEncoding}):
     * kept when already utf-8, replaced when another, else {@code "; charset=utf-8"} appended.
     */
    static String withUtf8(String contentType) {
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv[0].trim().equalsIgnoreCase("charset")) {
                String value = kv.length > 1 ? kv[1].trim().replace("\"", "") : "";
                if (value.toLowerCase(Locale.ROOT).equals("utf-8")) {
                    return contentType;
                }
                int at = contentType.indexOf(parts[i]);
                int valueAt = contentType.indexOf('=', at) + 1;
                while (valueAt < contentType.length() && contentType.charAt(valueAt) == ' ') {
                    valueAt++;
                }
                return contentType.substring(0, valueAt) + "utf-8"
                        + contentType.substring(valueAt + kv[1].trim().length());
            }
        }
        return contentType + "; charset=utf-8";
    }
}
