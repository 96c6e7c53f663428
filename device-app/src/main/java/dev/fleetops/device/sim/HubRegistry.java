package dev.fleetops.device.sim;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.config.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;

/**
 * The hub's identity registry over its service REST API ({@code PUT /devices/{id}}), signed with the owner policy
 * from {@code local-hub.json}: the simulator re-registers its X.509 devices by thumbprint before they connect.
 */
final class HubRegistry {
    static final String API_VERSION = "2021-04-12";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String endpoint;
    private final ServiceSas sas;

    private HubRegistry(HttpClient http, String endpoint, ServiceSas sas) {
        this.http = http;
        this.endpoint = endpoint;
        this.sas = sas;
    }

    /**
     * @param tls trusts the hub's CA (the simulator's shared context)
     * @throws ConfigException when the hub config has no service section or its connection string is unusable
     */
    static HubRegistry of(HubConfig config, SSLContext tls) throws ConfigException {
        HubConfig.Service s = config.service();
        if (s == null || s.endpoint().isBlank()) {
            throw new ConfigException("--x509 re-registers devices through the hub's service API: the hub config"
                    + " needs 'serviceEndpoint' and 'serviceConnectionString' (the local hub writes both)");
        }
        ServiceSas sas = ServiceSas.parse(s.connectionString());
        HttpClient http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        return new HubRegistry(http, "https://" + s.endpoint(), sas);
    }

    /**
     * Replaces the device's credential with {@code selfSigned} and this thumbprint (If-Match {@code *}: whatever it
     * was). The hub applies it from the device's next connection.
     *
     * @throws IOException when the hub cannot be reached or refuses; the message holds its status and error text
     */
    void registerSelfSigned(String deviceId, String thumbprint) throws IOException {
        JsonObject thumbs = new JsonObject();
        thumbs.addProperty("primaryThumbprint", thumbprint);
        JsonObject auth = new JsonObject();
        auth.addProperty("type", "selfSigned");
        auth.add("x509Thumbprint", thumbs);
        JsonObject body = new JsonObject();
        body.addProperty("deviceId", deviceId);
        body.addProperty("status", "enabled");
        body.add("authentication", auth);
        HttpRequest req = HttpRequest.newBuilder(URI.create(endpoint + "/devices/"
                        + URLEncoder.encode(deviceId, StandardCharsets.UTF_8) + "?api-version=" + API_VERSION))
                .header("Authorization", sas.token(Instant.now().plus(Duration.ofHours(1))))
                .header("Content-Type", "application/json")
                .header("If-Match", "*")
                .timeout(TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofString(StrictJson.GSON.toJson(body)))
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while registering the device's certificate");
        }
        if (r.statusCode() != 200) {
            throw new IOException("the hub refused to register the device as selfSigned: HTTP " + r.statusCode() + " "
                    + excerpt(r.body()));
        }
    }

    // The hub's error text says why (auth, etag, thumbprint); it never echoes the Authorization header.
    private static String excerpt(String body) {
        String clean = body == null ? "" : body.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
