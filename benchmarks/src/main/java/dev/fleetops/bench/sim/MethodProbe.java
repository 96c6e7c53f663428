package dev.fleetops.bench.sim;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.localhub.auth.SasToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;

/**
 * Direct-method round trips through the hub's service REST API ({@code POST /twins/{id}/methods}), as
 * the back-end makes them: HTTPS to the hub, MQTT to the device, the agent's answer back.
 */
final class MethodProbe {
    private final HttpClient http;
    private final String endpoint;
    private final String auth;

    /** @param serviceConnectionString the hub's iothubowner connection string (from local-hub.json) */
    MethodProbe(SSLContext tls, String serviceEndpoint, String serviceConnectionString) {
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.endpoint = "https://" + serviceEndpoint;
        String host = part(serviceConnectionString, "HostName");
        this.auth = SasToken.create(
                host,
                part(serviceConnectionString, "SharedAccessKey"),
                Instant.now().plusSeconds(3600).getEpochSecond(),
                part(serviceConnectionString, "SharedAccessKeyName"));
    }

    /**
     * Invokes a method the agent does not know ({@code benchPing}), so the round trip exercises the whole
     * path while changing nothing on the device; returns the device's status code (400 expected: an unknown method).
     */
    int ping(String deviceId) throws Exception {
        JsonObject body = new JsonObject();
        body.addProperty("methodName", "benchPing");
        body.addProperty("responseTimeoutInSeconds", 30);
        HttpRequest req = HttpRequest.newBuilder(
                        URI.create(endpoint + "/twins/" + deviceId + "/methods?api-version=2021-04-12"))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(40))
                .POST(HttpRequest.BodyPublishers.ofString(StrictJson.GSON.toJson(body)))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("hub answered " + r.statusCode() + ": " + r.body());
        }
        return StrictJson.parseObject(r.body()).get("status").getAsInt();
    }

    private static String part(String cs, String name) {
        for (String p : cs.split(";")) {
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("connection string has no " + name);
    }
}
