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

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
