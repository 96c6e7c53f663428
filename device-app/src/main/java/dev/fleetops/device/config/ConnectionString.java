package dev.fleetops.device.config;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A device connection string {@code HostName=…;DeviceId=…;SharedAccessKey=…}, or {@code HostName=…;DeviceId=…;x509=true}
 * for a device that authenticates with its certificate, checked before the SDK sees it so the user gets one clear line
 * instead of a stack trace. {@link #toString()} hides the key.
 *
 * @param x509 the device authenticates with a certificate (the SDK's {@code x509=true}), not a key
 */
public record ConnectionString(String hostName, String deviceId, String raw, boolean x509) {
    private static final Set<String> KNOWN =
            Set.of("hostname", "deviceid", "sharedaccesskey", "gatewayhostname", "x509");

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
                        + "' (expected HostName, DeviceId, SharedAccessKey or x509, GatewayHostName)");
            }
            if (parts.put(lower, part.substring(eq + 1).trim()) != null) {
                throw new ConfigException("malformed connection string: duplicate key '" + key + "'");
            }
        }
        String host = require(parts, "hostname", "HostName");
        String device = require(parts, "deviceid", "DeviceId");
        boolean x509 = parts.containsKey("x509");
        // The SDK looks for the exact text "x509=true"; anything else would silently mean SAS to it.
        if (x509 && (!parts.get("x509").equals("true") || !text.contains("x509=true"))) {
            throw new ConfigException("malformed connection string: write x509=true exactly (lower case), as the"
                    + " device SDK expects");
        }
        if (x509 && parts.containsKey("sharedaccesskey")) {
            throw new ConfigException("malformed connection string: x509=true and SharedAccessKey exclude each other");
        }
        String key = parts.get("sharedaccesskey");
        if (!x509 && (key == null || key.isEmpty())) {
            throw new ConfigException(
                    "malformed connection string: SharedAccessKey is missing (or x509=true for a certificate device)");
        }
        if (!host.contains(".")) {
            throw new ConfigException("malformed connection string: HostName '" + safe(host) + "' must contain a dot"
                    + " (the Azure IoT device SDK requires a fully qualified name such as myhub.azure-devices.net;"
                    + " for a local hub use e.g. 127.0.0.1)");
        }
        if (host.contains(":") || host.contains("/")) {
            throw new ConfigException("malformed connection string: HostName '" + safe(host)
                    + "' must be a bare host name without scheme, port or path");
        }
        if (!x509) {
            checkKey(key);
        }
        return new ConnectionString(host, device, text.trim(), x509);
    }

    private static void checkKey(String key) throws ConfigException {
        try {
            if (Base64.getDecoder().decode(key).length == 0) {
                throw new IllegalArgumentException("empty");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("malformed connection string: SharedAccessKey is not valid base64");
        }
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
        return "HostName=" + hostName + ";DeviceId=" + deviceId + (x509 ? ";x509=true" : ";SharedAccessKey=***");
    }
}
