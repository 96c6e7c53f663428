package dev.fleetops.device.sim;

import dev.fleetops.device.config.ConfigException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs service SAS tokens from a shared access policy's connection string
 * ({@code HostName=…;SharedAccessKeyName=…;SharedAccessKey=…}), as the service SDK does. The device app does not
 * depend on the service SDK; the simulator's few registry calls do not justify it.
 */
final class ServiceSas {
    private final String hostName;
    private final String policy;
    private final byte[] key;

    private ServiceSas(String hostName, String policy, byte[] key) {
        this.hostName = hostName;
        this.policy = policy;
        this.key = key;
    }

    /** @throws ConfigException when a part is missing or the key is not base64; the message never quotes the key */
    static ServiceSas parse(String connectionString) throws ConfigException {
        Map<String, String> parts = new HashMap<>();
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(
                        part.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                        part.substring(eq + 1).trim());
            }
        }
        String host = parts.get("hostname");
        String policy = parts.get("sharedaccesskeyname");
        String key = parts.get("sharedaccesskey");
        if (host == null || host.isEmpty() || policy == null || policy.isEmpty() || key == null || key.isEmpty()) {
            throw new ConfigException("the hub config's serviceConnectionString needs HostName, SharedAccessKeyName"
                    + " and SharedAccessKey");
        }
        try {
            return new ServiceSas(host, policy, Base64.getDecoder().decode(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "the hub config's serviceConnectionString has a SharedAccessKey that is not" + " base64");
        }
    }

    /** {@code SharedAccessSignature sr=…&sig=…&se=…&skn=…} for the whole hub, valid until {@code expiry}. */
    String token(Instant expiry) {
        String sr = URLEncoder.encode(hostName.toLowerCase(Locale.ROOT), StandardCharsets.UTF_8);
        long se = expiry.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String sig =
                    Base64.getEncoder().encodeToString(mac.doFinal((sr + "\n" + se).getBytes(StandardCharsets.UTF_8)));
            return "SharedAccessSignature sr=" + sr + "&sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8) + "&se="
                    + se + "&skn=" + URLEncoder.encode(policy, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "ServiceSas[" + hostName + ", policy=" + policy + ", key ***]";
    }
}
