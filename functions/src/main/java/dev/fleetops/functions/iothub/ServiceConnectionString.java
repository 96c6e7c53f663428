package dev.fleetops.functions.iothub;

import dev.fleetops.functions.settings.SettingsException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts of a service connection string ({@code HostName=…;SharedAccessKeyName=…;SharedAccessKey=…})
 * needed to sign requests ourselves. Errors name the missing part, never the key.
 */
public record ServiceConnectionString(String hostName, String policyName, String key) {

    @Override
    public String toString() {
        return "ServiceConnectionString[hostName=" + hostName + ", policy=" + policyName + "]";
    }

    public static ServiceConnectionString parse(String text) {
        Map<String, String> parts = new HashMap<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String host = parts.get("HostName");
        String policy = parts.get("SharedAccessKeyName");
        String key = parts.get("SharedAccessKey");
        if (host == null || host.isEmpty() || policy == null || policy.isEmpty() || key == null || key.isEmpty()) {
            throw new SettingsException(
                    "IOTHUB_CONNECTION_STRING needs HostName, SharedAccessKeyName and SharedAccessKey");
        }
        try {
            Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("IOTHUB_CONNECTION_STRING has a SharedAccessKey that is not base64");
        }
        return new ServiceConnectionString(host, policy, key);
    }
}
