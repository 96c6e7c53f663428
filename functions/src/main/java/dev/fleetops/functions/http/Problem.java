package dev.fleetops.functions.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem: what went wrong, in a form a portal can act on. {@code code} is the stable
 * machine-readable name; {@code type} is derived from it.
 *
 * @param extensions extra members (e.g. {@code errors}, {@code runningOperationId}) serialized beside the standard ones
 * @param headers    response headers the problem needs (e.g. {@code Retry-After})
 */
public record Problem(
        int status,
        String code,
        String title,
        String detail,
        Map<String, Object> extensions,
        Map<String, String> headers) {
    public static final String CONTENT_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(code, "'code' cannot be null.");
        extensions = Map.copyOf(extensions == null ? Map.of() : extensions);
        headers = Map.copyOf(headers == null ? Map.of() : headers);
    }

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(status, code, title, detail, Map.of(), Map.of());
    }

    public Problem with(String member, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> ext = new LinkedHashMap<>(extensions);
        ext.put(member, value);
        return new Problem(status, code, title, detail, ext, headers);
    }

    public Problem withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Problem(status, code, title, detail, extensions, h);
    }

    public String type() {
        return "urn:fleetops:problem:" + code;
    }

    /** The problem+json document. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("code", code);
        body.putAll(extensions);
        return body;
    }
}
