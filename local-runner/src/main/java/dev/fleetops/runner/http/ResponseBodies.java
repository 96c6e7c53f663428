package dev.fleetops.runner.http;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;

/**
 * Turns a response body into bytes as the worker does: a {@code String} as UTF-8, a {@code byte[]} as
 * is, anything else as JSON. Each comes with the Content-Type used when the function set none.
 */
final class ResponseBodies {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    record Encoded(byte[] bytes, String defaultContentType) {
    }

    private ResponseBodies() {
    }

    static Encoded encode(Object body) {
        if (body == null) {
            return new Encoded(new byte[0], null);
        }
        if (body instanceof byte[] bytes) {
            return new Encoded(bytes, "application/octet-stream");
        }
        if (body instanceof String s) {
            return new Encoded(s.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        }
        return new Encoded(GSON.toJson(body).getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8");
    }
}
