package dev.fleetops.device.config;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A device connection string {@code HostName=…;DeviceId=…;SharedAccessKey=…}, checked before the SDK
 * sees it so the user gets one clear line instead of a stack trace. {@link #toString()} hides the key.
 */
public record ConnectionString(String hostName, String deviceId, String raw) {
    private static final Set<String> KNOWN = Set.of("hostname", "deviceid", "sharedaccesskey", "gatewayhostname");

    /**
     * @throws ConfigException naming the first problem found; the message never contains the key
     */
    public static ConnectionString parse(String text) throws ConfigException {
        if (text == null || text.isBlank()) {
            throw new ConfigException("connection string is empty");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : text.trim().split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("malformed connection string: expected Key=Value pairs separated by ';'"
                        + " (HostName=…;DeviceId=…;SharedAccessKey=…)");
            }
            String key = part.substring(0, eq).trim();
            String lower = key.toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(lower)) {
                throw new ConfigException("malformed connection string: unknown key '" + safe(key)
                        + "' (expected HostName, DeviceId, SharedAccessKey, GatewayHostName)");
            }
            if (parts.put(lower, part.substring(eq + 1).trim()) != null) {
                throw new ConfigException("malformed connection string: duplicate key '" + key + "'");
            }
        }
        String host = require(parts, "hostname", "HostName");
        String device = require(parts, "deviceid", "DeviceId");
        String key = require(parts, "sharedaccesskey", "SharedAccessKey");
        if (!host.contains(".")) {
            throw new ConfigException("malformed connection string: HostName '" + safe(host) + "' must contain a dot"
                    + " (the Azure IoT device SDK requires a fully qualified name such as myhub.azure-devices.net;"
                    + " for a local hub use e.g. 127.0.0.1)");
        }
        if (host.contains(":") || host.contains("/")) {
            throw new ConfigException("malformed connection string: HostName '" + safe(host)
                    + "' must be a bare host name without scheme, port or path");
        }
        try {
            if (Base64.getDecoder().decode(key).length == 0) {
                throw new IllegalArgumentException("empty");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("malformed connection string: SharedAccessKey is not valid base64");
        }
        return new ConnectionString(host, device, text.trim());
    }

    private static String require(Map<String, String> parts, String lower, String name) throws ConfigException {
        String v = parts.get(lower);
        if (v == null || v.isEmpty()) {
            throw new ConfigException("malformed connection string: " + name + " is missing");
        }
        return v;
    }

    // Keys and host names come from the user; keep the error line printable and short.
    private static String safe(String s) {
        String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }

    @Override
    public String toString() {
        return "HostName=" + hostName + ";DeviceId=" + deviceId + ";SharedAccessKey=***";
    }
}
