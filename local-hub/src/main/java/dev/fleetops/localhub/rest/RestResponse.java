package dev.fleetops.localhub.rest;

import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response from the REST layer: status, extra headers and a JSON (or empty) body. */
public record RestResponse(int status, Map<String, String> headers, byte[] body) {
    public RestResponse {
        headers = Map.copyOf(headers);
    }

    public static RestResponse json(int status, JsonElement body) {
        return new RestResponse(status, Map.of(), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static RestResponse empty(int status) {
        return new RestResponse(status, Map.of(), new byte[0]);
    }

    public RestResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new RestResponse(status, h, body);
    }

    /**
     * Adds the {@code ETag} header IoT Hub sends on every request scoped to one device: the body's bare {@code etag}
     * as a quoted entity-tag (RFC 9110 8.8.3), which the C# SDK v1 copies into {@code Device.ETag}.
     */
    public RestResponse withEtag(String etag) {
        return withHeader("ETag", "\"" + etag + "\"");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
