package dev.fleetops.runner.stack;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Just enough of the IoT Hub service REST API for the stack's tools: a device query (the health check) and a device
 * registration ({@code PUT /devices/{id}}, as the service SDK's RegistryClient sends it), signed with a SAS token from
 * the connection string, over TLS trusting the local hub's CA. (The functions app uses the real service SDK; the stack
 * tools stay free of it to keep local-runner.jar small.)
 */
public final class HubServiceClient {
    private static final String API_VERSION = "2021-04-12";

    private final HttpClient http;
    private final String endpoint;
    private final String hostName;
    private final String policy;
    private final byte[] key;

    public HubServiceClient(HubConfigFile config) {
        Map<String, String> cs = parseConnectionString(config.serviceConnectionString());
        this.endpoint = config.serviceEndpoint();
        this.hostName = cs.get("HostName");
        this.policy = cs.get("SharedAccessKeyName");
        this.key = Base64.getDecoder().decode(cs.get("SharedAccessKey"));
        this.http = HttpClient.newBuilder()
                .sslContext(trusting(config.caFile()))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** How many devices the hub sees connected right now. */
    public long connectedDevices() throws IOException, InterruptedException {
        JsonArray rows = query("SELECT COUNT() AS connected FROM devices WHERE connectionState = 'Connected'");
        return rows.isEmpty()
                ? 0
                : rows.get(0).getAsJsonObject().get("connected").getAsLong();
    }

    /**
     * Registers {@code deviceId} with symmetric keys, or returns the keys it already has: a device added twice keeps its
     * identity (its twin, its state), so its connection string stays valid.
     *
     * @return the device's primary key
     * @throws IOException when the hub refuses (e.g. 400 for an id IoT Hub does not allow)
     */
    public String registerDevice(String deviceId) throws IOException, InterruptedException {
        URI uri = URI.create("https://" + endpoint + "/devices/"
                + URLEncoder.encode(deviceId, StandardCharsets.UTF_8).replace("+", "%20") + "?api-version="
                + API_VERSION);
        HttpResponse<String> existing = http.send(signed(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (existing.statusCode() == 200) {
            return primaryKey(existing.body(), deviceId);
        }
        if (existing.statusCode() != 404) {
            throw new IOException("the hub answered " + existing.statusCode() + " to reading device " + deviceId + ": "
                    + reason(existing.body()));
        }
        JsonObject keys = new JsonObject();
        keys.addProperty("primaryKey", newKey());
        keys.addProperty("secondaryKey", newKey());
        JsonObject auth = new JsonObject();
        auth.addProperty("type", "sas");
        auth.add("symmetricKey", keys);
        JsonObject body = new JsonObject();
        body.addProperty("deviceId", deviceId);
        body.addProperty("status", "enabled");
        body.add("authentication", auth);
        HttpResponse<String> created = http.send(
                signed(uri)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 200) {
            throw new IOException("the hub answered " + created.statusCode() + " to registering " + deviceId + ": "
                    + reason(created.body()));
        }
        return primaryKey(created.body(), deviceId);
    }

    /** The device connection string IoT Hub's portal shows: {@code HostName=...;DeviceId=...;SharedAccessKey=...}. */
    public String deviceConnectionString(String deviceId, String primaryKey) {
        return "HostName=" + hostName + ";DeviceId=" + deviceId + ";SharedAccessKey=" + primaryKey;
    }

    private HttpRequest.Builder signed(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header(
                        "Authorization",
                        sasToken(hostName, policy, key, Instant.now().plus(Duration.ofMinutes(10))));
    }

    private static String newKey() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String primaryKey(String body, String deviceId) throws IOException {
        try {
            return JsonParser.parseString(body)
                    .getAsJsonObject()
                    .getAsJsonObject("authentication")
                    .getAsJsonObject("symmetricKey")
                    .get("primaryKey")
                    .getAsString();
        } catch (RuntimeException e) {
            throw new IOException("the hub's answer for " + deviceId + " has no symmetric key", e);
        }
    }

    /** The hub's error message, bounded (never a key: error bodies carry none). */
    private static String reason(String body) {
        try {
            JsonObject o = JsonParser.parseString(body).getAsJsonObject();
            JsonElement m = o.has("message") ? o.get("message") : o.get("Message");
            String text = m == null ? body : m.getAsString();
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        } catch (RuntimeException e) {
            return body.length() > 200 ? body.substring(0, 200) + "…" : body;
        }
    }

    JsonArray query(String sql) throws IOException, InterruptedException {
        JsonObject body = new JsonObject();
        body.addProperty("query", sql);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("https://" + endpoint + "/devices/query?api-version=" + API_VERSION))
                .timeout(Duration.ofSeconds(10))
                .header(
                        "Authorization",
                        sasToken(hostName, policy, key, Instant.now().plus(Duration.ofMinutes(10))))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("hub query answered " + r.statusCode());
        }
        JsonElement rows = JsonParser.parseString(r.body());
        return rows.isJsonArray() ? rows.getAsJsonArray() : new JsonArray();
    }

    /** An IoT Hub SAS token: HMAC-SHA256 over {@code urlencode(resource) + "\n" + expiry}. */
    static String sasToken(String resource, String policy, byte[] key, Instant expiry) {
        String sr = URLEncoder.encode(resource, StandardCharsets.UTF_8);
        long se = expiry.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String sig =
                    Base64.getEncoder().encodeToString(mac.doFinal((sr + "\n" + se).getBytes(StandardCharsets.UTF_8)));
            return "SharedAccessSignature sr=" + sr + "&sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8) + "&se="
                    + se + "&skn=" + policy;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    static Map<String, String> parseConnectionString(String cs) {
        Map<String, String> parts = new HashMap<>();
        for (String part : cs.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        for (String required : new String[] {"HostName", "SharedAccessKeyName", "SharedAccessKey"}) {
            if (!parts.containsKey(required)) {
                throw new IllegalArgumentException("the service connection string has no " + required);
            }
        }
        return parts;
    }

    /** An SSL context trusting exactly the given CA (the local hub's), for talking to the hub only. */
    public static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry(
                    "local-hub-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the CA certificate " + caFile + ": " + e.getMessage(), e);
        }
    }
}
