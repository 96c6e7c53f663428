package dev.fleetops.localhub.files;

import java.net.URI;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The storage account file uploads go to, from an Azure Storage connection string with an account key (Azurite's or a
 * real account's): {@code AccountName}, {@code AccountKey} and either {@code BlobEndpoint} (Azurite's path-style
 * {@code https://127.0.0.1:10000/devstoreaccount1}) or {@code DefaultEndpointsProtocol} + {@code EndpointSuffix}.
 * The blob endpoint must be HTTPS: the device SDK builds the upload URL as {@code "https://" + hostName + "/" + …}
 * ({@code FileUploadSasUriResponse.getBlobUri} in iot-device-client 2.5.0).
 *
 * @param blobEndpoint without a trailing slash
 */
public record StorageAccount(String accountName, byte[] accountKey, URI blobEndpoint) {

    /** @throws IllegalArgumentException naming what is missing or wrong, never echoing the key */
    public static StorageAccount parse(String connectionString) {
        if (connectionString == null || connectionString.isBlank()) {
            throw new IllegalArgumentException("the storage connection string is empty");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(
                        part.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                        part.substring(eq + 1).trim());
            }
        }
        String name = parts.get("accountname");
        String key = parts.get("accountkey");
        if (name == null || name.isEmpty() || key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the storage connection string needs AccountName and AccountKey");
        }
        byte[] keyBytes;
        try {
            keyBytes = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the storage connection string's AccountKey is not base64");
        }
        String endpoint = parts.get("blobendpoint");
        if (endpoint == null) {
            String protocol = parts.getOrDefault("defaultendpointsprotocol", "https");
            String suffix = parts.getOrDefault("endpointsuffix", "core.windows.net");
            endpoint = protocol + "://" + name + ".blob." + suffix;
        }
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the storage connection string's blob endpoint is not a URL");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "the blob endpoint must be https://…: devices upload over HTTPS only (run Azurite with --cert/--key)");
        }
        return new StorageAccount(name, keyBytes, uri);
    }

    /**
     * What IoT Hub answers as {@code hostName}: the endpoint without its scheme. For Azurite's path-style endpoint that
     * includes the port and the account ({@code 127.0.0.1:10000/devstoreaccount1}), which the SDK's string
     * concatenation turns into the right URL.
     */
    public String hostName() {
        String s = blobEndpoint.toString();
        return s.substring(s.indexOf("://") + 3);
    }

    @Override
    public String toString() {
        return "StorageAccount[" + accountName + " at " + blobEndpoint + "]"; // never the key
    }
}
