package dev.fleetops.functions.wiring;

import dev.fleetops.core.progress.ProgressSettings;
import dev.fleetops.core.rollout.service.HubSku;
import dev.fleetops.functions.iothub.MethodTimeouts;
import dev.fleetops.functions.settings.SettingsException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The app's settings, read from the environment (app settings in Azure, {@code local.settings.json}
 * locally) and validated. Error messages name the setting, never its value.
 */
public record FunctionsSettings(
        String iotHubConnectionString,
        String iotHubServiceEndpoint,
        String iotHubHostName,
        String azureClientId,
        MethodTimeouts methodTimeouts,
        ProgressSettings progress,
        String progressContainer,
        StorageSettings storage,
        int rolloutDispatchParallelism,
        HubSku iotHubSku,
        int iotHubUnits,
        boolean rolloutDispatchQueued,
        String rolloutDispatchQueue) {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

    /** Where progress summaries go: a connection string, or an endpoint reached by identity. */
    public record StorageSettings(String connectionString, String blobServiceUri) {
        @Override
        public String toString() {
            return "StorageSettings["
                    + (connectionString != null ? "connectionString=redacted" : "blobServiceUri=" + blobServiceUri)
                    + "]";
        }
    }

    @Override
    public String toString() {
        return "FunctionsSettings[iotHub="
                + (iotHubConnectionString != null ? "connectionString(redacted)" : iotHubHostName)
                + (iotHubServiceEndpoint != null ? ", endpoint=" + iotHubServiceEndpoint : "")
                + ", methodTimeouts=" + methodTimeouts + ", progress=" + progress + ", container=" + progressContainer
                + ", storage=" + storage + "]";
    }

    /**
     * @throws SettingsException naming the first missing or malformed setting
     */
    public static FunctionsSettings from(Map<String, String> env) {
        String cs = blankToNull(env.get(SettingNames.IOTHUB_CONNECTION_STRING));
        String host = blankToNull(env.get(SettingNames.IOTHUB_HOSTNAME));
        if (cs == null && host == null) {
            throw new SettingsException("set " + SettingNames.IOTHUB_CONNECTION_STRING + " or "
                    + SettingNames.IOTHUB_HOSTNAME + " to reach IoT Hub");
        }
        if (cs != null && !cs.contains("HostName=")) {
            throw new SettingsException(
                    SettingNames.IOTHUB_CONNECTION_STRING + " is not an IoT Hub connection string (no HostName)");
        }
        if (cs == null && !HOST_NAME.matcher(host).matches()) {
            throw new SettingsException(
                    SettingNames.IOTHUB_HOSTNAME + " must be a host name such as myhub.azure-devices.net");
        }
        String endpoint = blankToNull(env.get(SettingNames.IOTHUB_SERVICE_ENDPOINT));
        if (endpoint != null) {
            if (cs == null) {
                throw new SettingsException(SettingNames.IOTHUB_SERVICE_ENDPOINT + " needs "
                        + SettingNames.IOTHUB_CONNECTION_STRING + " (its policy key signs the requests)");
            }
            if (!HOST_NAME.matcher(endpoint).matches()) {
                throw new SettingsException(
                        SettingNames.IOTHUB_SERVICE_ENDPOINT + " must be host:port, e.g. 127.0.0.1:8443");
            }
        }
        MethodTimeouts timeouts = methodTimeouts(env);
        ProgressSettings progress;
        try {
            progress = new ProgressSettings(
                    Duration.ofMinutes(integer(env, SettingNames.PROGRESS_STUCK_AFTER_MINUTES, 30)),
                    integer(env, SettingNames.PROGRESS_FAILURE_LIMIT, 20),
                    ProgressSettings.defaults().maxScanRows());
        } catch (IllegalArgumentException e) {
            throw new SettingsException(SettingNames.PROGRESS_STUCK_AFTER_MINUTES + " must be positive and "
                    + SettingNames.PROGRESS_FAILURE_LIMIT + " 0-1000");
        }
        String container = env.getOrDefault(SettingNames.PROGRESS_CONTAINER, "fleetops-progress");
        if (!CONTAINER.matcher(container).matches()) {
            throw new SettingsException(SettingNames.PROGRESS_CONTAINER + " is not a valid blob container name");
        }
        int parallelism = integer(env, SettingNames.ROLLOUT_DISPATCH_PARALLELISM, 512);
        if (parallelism < 1 || parallelism > 2048) {
            throw new SettingsException(SettingNames.ROLLOUT_DISPATCH_PARALLELISM + " must be between 1 and 2048");
        }
        String skuName = blankToNull(env.get(SettingNames.IOTHUB_SKU));
        HubSku sku = HubSku.parse(skuName == null ? "S1" : skuName)
                .orElseThrow(() -> new SettingsException(SettingNames.IOTHUB_SKU + " must be F1, S1, S2 or S3"));
        int units = integer(env, SettingNames.IOTHUB_UNITS, 1);
        int maxUnits = maxUnits(sku);
        if (units < 1 || units > maxUnits) {
            throw new SettingsException(SettingNames.IOTHUB_UNITS + " must be between 1 and " + maxUnits + " for "
                    + SettingNames.IOTHUB_SKU + " " + sku);
        }
        String mode =
                env.getOrDefault(SettingNames.ROLLOUT_DISPATCH_MODE, "inline").trim();
        if (!mode.equals("inline") && !mode.equals("queue")) {
            throw new SettingsException(SettingNames.ROLLOUT_DISPATCH_MODE + " must be inline or queue");
        }
        String queue = env.getOrDefault(SettingNames.ROLLOUT_DISPATCH_QUEUE, "fleetops-dispatch");
        if (!CONTAINER.matcher(queue).matches()) {
            throw new SettingsException(SettingNames.ROLLOUT_DISPATCH_QUEUE
                    + " is not a valid queue name (3-63 lowercase letters, digits and single hyphens)");
        }
        return new FunctionsSettings(
                cs,
                endpoint,
                cs == null ? host : null,
                blankToNull(env.get(SettingNames.AZURE_CLIENT_ID)),
                timeouts,
                progress,
                container,
                storage(env),
                parallelism,
                sku,
                units,
                mode.equals("queue"),
                queue);
    }

    private static MethodTimeouts methodTimeouts(Map<String, String> env) {
        int response = integer(env, SettingNames.METHOD_RESPONSE_TIMEOUT_SECONDS, 30);
        int connect = integer(env, SettingNames.METHOD_CONNECT_TIMEOUT_SECONDS, 0);
        if (response < 5 || response > 300 || connect < 0 || connect > 300) {
            throw new SettingsException("method timeouts out of range: " + SettingNames.METHOD_RESPONSE_TIMEOUT_SECONDS
                    + " must be 5-300 and " + SettingNames.METHOD_CONNECT_TIMEOUT_SECONDS + " 0-300");
        }
        if (response + connect > MethodTimeouts.MAX_WAIT_SECONDS) {
            throw new SettingsException(
                    SettingNames.METHOD_RESPONSE_TIMEOUT_SECONDS + " + " + SettingNames.METHOD_CONNECT_TIMEOUT_SECONDS
                            + " must not exceed " + MethodTimeouts.MAX_WAIT_SECONDS
                            + " s: a device action waits for both within one HTTP request, which must answer within 230 s");
        }
        return new MethodTimeouts(response, connect);
    }

    /** "Maximum units" per tier in the IoT Hub limits (azure-subscription-service-limits#iot-hub-limits). */
    private static int maxUnits(HubSku sku) {
        return switch (sku) {
            case F1 -> 1;
            case S3 -> 10;
            case S1, S2 -> 200;
        };
    }

    private static StorageSettings storage(Map<String, String> env) {
        String cs = blankToNull(env.get(SettingNames.STORAGE_CONNECTION_STRING));
        if (cs != null) {
            return new StorageSettings(cs, null);
        }
        String uri = blankToNull(env.get(SettingNames.STORAGE_BLOB_SERVICE_URI));
        if (uri != null) {
            return new StorageSettings(null, uri);
        }
        String account = blankToNull(env.get(SettingNames.STORAGE_ACCOUNT_NAME));
        if (account != null) {
            if (!account.matches("[a-z0-9]{3,24}")) {
                throw new SettingsException(SettingNames.STORAGE_ACCOUNT_NAME + " is not a valid storage account name");
            }
            return new StorageSettings(null, "https://" + account + ".blob.core.windows.net");
        }
        throw new SettingsException(
                "set " + SettingNames.STORAGE_CONNECTION_STRING + ", " + SettingNames.STORAGE_BLOB_SERVICE_URI + " or "
                        + SettingNames.STORAGE_ACCOUNT_NAME + " for progress storage");
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(name + " must be a whole number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
