package dev.fleetops.runner.stack.demo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The FleetOps HTTP API as a portal calls it: JSON over {@link HttpClient}, the function key in a header. */
final class FleetOpsApi {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final String key;

    /** @param base e.g. {@code http://localhost:7071} (without {@code /api}) */
    FleetOpsApi(String base, String key) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.key = key;
    }

    JsonObject get(String path) {
        return expect(send(request(path).GET()), 200, "GET " + path);
    }

    /** POSTs {@code body} (or nothing) and expects {@code status}. */
    JsonObject post(String path, String body, int status) {
        HttpRequest.Builder b = request(path);
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return expect(send(b), status, "POST " + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("x-functions-key", key);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        HttpRequest r = b.build();
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DemoFailure(r.method() + " " + r.uri().getPath() + " failed: " + e.getMessage()
                    + " (is the back-end running?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }

    private static JsonObject expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new DemoFailure(
                    what + " answered " + r.statusCode() + " (expected " + status + "): " + shorten(r.body()));
        }
        JsonElement json = JsonParser.parseString(r.body().isEmpty() ? "{}" : r.body());
        if (!json.isJsonObject()) {
            throw new DemoFailure(what + " answered something that is not a JSON object: " + shorten(r.body()));
        }
        return json.getAsJsonObject();
    }

    private static String shorten(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }
}
