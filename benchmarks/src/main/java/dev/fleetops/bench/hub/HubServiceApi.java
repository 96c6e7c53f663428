package dev.fleetops.bench.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.localhub.auth.SasToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The hub's HTTPS service API as a back-end calls it (the REST calls iot-service-client makes), on the JDK's
 * {@link HttpClient}: direct methods, twin patches, queries. Signs a {@code service}-policy SAS token per call.
 * Thread-safe; one client keeps a pool of HTTP/1.1 connections, one per concurrent caller.
 */
public final class HubServiceApi {
    private static final String API = "?api-version=2021-04-12";

    private final String endpoint;
    private final String hostName;
    private final String policy;
    private final String key;
    private final HttpClient http;

    /** The answer to one call: HTTP status and body. */
    public record Reply(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /**
     * @param endpoint         {@code host:port} of the service API
     * @param connectionString a service connection string ({@code HostName=…;SharedAccessKeyName=…;SharedAccessKey=…})
     * @param trust            a client TLS context trusting the hub's CA
     */
    public HubServiceApi(String endpoint, String connectionString, SSLContext trust) {
        Map<String, String> fields = new HashMap<>();
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).toLowerCase(Locale.ROOT), part.substring(eq + 1));
            }
        }
        this.endpoint = endpoint;
        this.hostName = require(fields, "hostname");
        this.policy = require(fields, "sharedaccesskeyname");
        this.key = require(fields, "sharedaccesskey");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trust)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** {@code POST /twins/{id}/methods}: the 200 body is {@code {"status":…,"payload":…}} once the device answered. */
    public Reply invokeMethod(String deviceId, String methodName, String payloadJson, int responseTimeoutSeconds)
            throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("methodName", methodName);
        body.addProperty("responseTimeoutInSeconds", responseTimeoutSeconds);
        body.add("payload", JsonParser.parseString(payloadJson));
        return send("POST", "/twins/" + deviceId + "/methods", body.toString());
    }

    /** {@code PATCH /twins/{id}} with {@code {"properties":{"desired":…}}}. */
    public Reply patchDesired(String deviceId, String desiredJson) throws IOException, InterruptedException {
        return send("PATCH", "/twins/" + deviceId, "{\"properties\":{\"desired\":" + desiredJson + "}}");
    }

    /**
     * {@code POST /devices/query}, following {@code x-ms-continuation} until the last page.
     *
     * @return every row of the result
     * @throws IOException also for a non-2xx answer, with its body
     */
    public JsonArray query(String sql, int pageSize) throws IOException, InterruptedException {
        JsonArray rows = new JsonArray();
        String continuation = null;
        JsonObject body = new JsonObject();
        body.addProperty("query", sql);
        do {
            HttpRequest.Builder b = request("/devices/query")
                    .header("x-ms-max-item-count", Integer.toString(pageSize))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            if (continuation != null) {
                b.header("x-ms-continuation", continuation);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("query failed with " + r.statusCode() + ": " + r.body());
            }
            rows.addAll(JsonParser.parseString(r.body()).getAsJsonArray());
            continuation = r.headers().firstValue("x-ms-continuation").orElse(null);
        } while (continuation != null);
        return rows;
    }

    private Reply send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest req = request(path)
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    private HttpRequest.Builder request(String path) {
        String token = SasToken.create(hostName, key, Instant.now().getEpochSecond() + 3600, policy);
        return HttpRequest.newBuilder(URI.create("https://" + endpoint + path + API))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", token)
                .header("Content-Type", "application/json; charset=utf-8");
    }

    private static String require(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("'connectionString' has no " + name + " field.");
        }
        return v;
    }
}
