package dev.fleetops.runner.metadata;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one host.json setting the runner honours: {@code extensions.http.routePrefix}. */
final class HostJson {
    static final String DEFAULT_ROUTE_PREFIX = "api";

    private HostJson() {}

    /** The prefix without slashes; {@code "api"} when host.json or the setting is absent, {@code ""} when set empty. */
    static String routePrefix(Path hostJson) {
        if (!Files.isRegularFile(hostJson)) {
            return DEFAULT_ROUTE_PREFIX;
        }
        try {
            JsonElement prefix = member(
                    member(member(JsonParser.parseString(Files.readString(hostJson)), "extensions"), "http"),
                    "routePrefix");
            return prefix == null ? DEFAULT_ROUTE_PREFIX : trimSlashes(prefix.getAsString());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot read " + hostJson + ": " + e.getMessage(), e);
        }
    }

    private static JsonElement member(JsonElement e, String name) {
        return e instanceof JsonObject o ? o.get(name) : null;
    }

    private static String trimSlashes(String s) {
        return s.replaceAll("^/+|/+$", "");
    }
}
