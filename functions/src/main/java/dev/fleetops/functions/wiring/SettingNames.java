package dev.fleetops.functions.wiring;

import java.util.List;

/**
 * Every app setting the functions app reads. {@code local.settings.sample.json} and the Bicep app
 * settings are checked against this list by tests, so a setting cannot be added in code and forgotten
 * in deployment.
 */
public final class SettingNames {
    /** Service connection string with a shared access policy; for local runs and hubs without Entra ID. */
    public static final String IOTHUB_CONNECTION_STRING = "IOTHUB_CONNECTION_STRING";
    /** Hub host name ({@code <hub>.azure-devices.net}); used with managed identity when no connection string is set. */
    public static final String IOTHUB_HOSTNAME = "IOTHUB_HOSTNAME";
    /**
     * {@code host:port} of a hub that is not on port 443, e.g. the local hub ({@code 127.0.0.1:8443}). Used with
     * {@link #IOTHUB_CONNECTION_STRING}, whose policy key signs the requests; the SDK rejects a port in connection strings.
     */
    public static final String IOTHUB_SERVICE_ENDPOINT = "IOTHUB_SERVICE_ENDPOINT";
    /** Client id of a user-assigned identity; empty for the system-assigned identity. */
    public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
    /** How long IoT Hub waits for a device's method response (5-300 s). */
    public static final String METHOD_RESPONSE_TIMEOUT_SECONDS = "METHOD_RESPONSE_TIMEOUT_SECONDS";
    /** How long IoT Hub waits for an offline device to connect (0-300 s; 0 fails fast). */
    public static final String METHOD_CONNECT_TIMEOUT_SECONDS = "METHOD_CONNECT_TIMEOUT_SECONDS";
    /** NCRONTAB schedule of the progress timer; referenced as %PROGRESS_SCHEDULE% in the trigger. */
    public static final String PROGRESS_SCHEDULE = "PROGRESS_SCHEDULE";
    /** NCRONTAB schedule of the fleet-operation reconciliation timer; referenced as %ROLLOUT_SCHEDULE%. */
    public static final String ROLLOUT_SCHEDULE = "ROLLOUT_SCHEDULE";
    /**
     * The most direct methods a rollout tick keeps in flight (1-2048, default 512); within it, the dispatch window
     * follows the hub's rate × the devices' observed latency.
     */
    public static final String ROLLOUT_DISPATCH_PARALLELISM = "ROLLOUT_DISPATCH_PARALLELISM";
    /**
     * {@code inline} (default): the timer's tick calls the devices itself; {@code queue}: it puts them in
     * {@link #ROLLOUT_DISPATCH_QUEUE} for queue-triggered workers on every instance (docs/performance.md, "Beyond one
     * instance").
     */
    public static final String ROLLOUT_DISPATCH_MODE = "ROLLOUT_DISPATCH_MODE";
    /** The Storage queue (under AzureWebJobsStorage) of queue-triggered dispatch; default fleetops-dispatch. */
    public static final String ROLLOUT_DISPATCH_QUEUE = "ROLLOUT_DISPATCH_QUEUE";
    /** The hub's tier (F1, S1, S2, S3; default S1): rollouts pace direct methods below its method throttle. */
    public static final String IOTHUB_SKU = "IOTHUB_SKU";
    /** The hub's units (1-200; default 1); the method throttle scales with them. */
    public static final String IOTHUB_UNITS = "IOTHUB_UNITS";
    /** Blob container that receives progress summaries. */
    public static final String PROGRESS_CONTAINER = "PROGRESS_CONTAINER";
    /** Minutes after which a non-terminal action counts as stuck. */
    public static final String PROGRESS_STUCK_AFTER_MINUTES = "PROGRESS_STUCK_AFTER_MINUTES";
    /** How many recent failures a summary lists. */
    public static final String PROGRESS_FAILURE_LIMIT = "PROGRESS_FAILURE_LIMIT";
    /** Storage connection string (the Functions host's own); {@code UseDevelopmentStorage=true} means Azurite. */
    public static final String STORAGE_CONNECTION_STRING = "AzureWebJobsStorage";
    /** Blob endpoint for identity-based storage access, when no connection string is set. */
    public static final String STORAGE_BLOB_SERVICE_URI = "AzureWebJobsStorage__blobServiceUri";
    /** Storage account name for identity-based access, when neither of the above is set. */
    public static final String STORAGE_ACCOUNT_NAME = "AzureWebJobsStorage__accountName";

    /** Blob container of the firmware catalog's packages (default {@code firmware}). */
    public static final String FIRMWARE_CONTAINER = "FIRMWARE_CONTAINER";
    /** The largest package the catalog measures and offers, in MiB (1-4096, default 2048). */
    public static final String FIRMWARE_MAX_SIZE_MB = "FIRMWARE_MAX_SIZE_MB";
    /**
     * Local only: a storage connection string for the firmware container alone, when devices must reach it elsewhere
     * than the host's storage (the local stack's Azurite over HTTPS, since devices download over HTTPS only).
     */
    public static final String FIRMWARE_STORAGE_CONNECTION_STRING = "FIRMWARE_STORAGE_CONNECTION_STRING";
    /**
     * Optional: the key FleetOps signs catalog versions with on a second Admin's request ({@code POST
     * /api/firmware/{version}/sign}): PEM text holding the {@code PRIVATE KEY} block (unencrypted PKCS#8, Ed25519 or
     * P-256) and its {@code PUBLIC KEY} block. In Azure a Key Vault reference, never the key itself.
     */
    public static final String FIRMWARE_SIGNING_KEY = "FIRMWARE_SIGNING_KEY";

    /** NCRONTAB schedule of the events' delivery timer; referenced as %EVENTS_SCHEDULE% (docs/rollouts.md, "Events"). */
    public static final String EVENTS_SCHEDULE = "EVENTS_SCHEDULE";
    /**
     * The Event Grid custom topic's endpoint ({@code https://<topic>.<region>-1.eventgrid.azure.net/api/events}); empty:
     * events go to webhook subscriptions only. The app publishes with its managed identity ("EventGrid Data Sender").
     */
    public static final String EVENTGRID_ENDPOINT = "FLEETOPS_EVENTGRID_ENDPOINT";
    /**
     * Local only: a fixed bearer token for an Event Grid endpoint on localhost (the local stack's stand-in), in place of
     * a managed-identity token; refused for any other endpoint.
     */
    public static final String EVENTGRID_DEV_TOKEN = "FLEETOPS_EVENTGRID_DEV_TOKEN";
    /**
     * Blob container of pulled device logs (default {@code device-logs}): the container IoT Hub's file upload is linked
     * to ({@code storageEndpoints.$default}), in the same account FleetOps signs read links on.
     */
    public static final String LOGS_CONTAINER = "LOGS_CONTAINER";
    /**
     * How devices upload pulled logs: {@code iothub} (default; IoT Hub's file upload) or {@code sas} (a write link
     * FleetOps signs for the blob and hands the device, where the hub has no file upload).
     */
    public static final String LOGS_UPLOAD_VIA = "LOGS_UPLOAD_VIA";
    /**
     * Local only: a storage connection string for the logs container, when it is not the host's storage (the local
     * stack's Azurite over HTTPS, which the local hub's file upload writes to). Falls back to
     * FIRMWARE_STORAGE_CONNECTION_STRING, then the host's storage.
     */
    public static final String LOGS_STORAGE_CONNECTION_STRING = "LOGS_STORAGE_CONNECTION_STRING";

    /** Settings the code reads; deployment must provide the required ones, the sample lists all. */
    public static final List<String> ALL = List.of(
            IOTHUB_CONNECTION_STRING,
            IOTHUB_SERVICE_ENDPOINT,
            IOTHUB_HOSTNAME,
            AZURE_CLIENT_ID,
            METHOD_RESPONSE_TIMEOUT_SECONDS,
            METHOD_CONNECT_TIMEOUT_SECONDS,
            PROGRESS_SCHEDULE,
            ROLLOUT_SCHEDULE,
            ROLLOUT_DISPATCH_PARALLELISM,
            ROLLOUT_DISPATCH_MODE,
            ROLLOUT_DISPATCH_QUEUE,
            IOTHUB_SKU,
            IOTHUB_UNITS,
            PROGRESS_CONTAINER,
            PROGRESS_STUCK_AFTER_MINUTES,
            PROGRESS_FAILURE_LIMIT,
            STORAGE_CONNECTION_STRING,
            STORAGE_BLOB_SERVICE_URI,
            STORAGE_ACCOUNT_NAME,
            FIRMWARE_CONTAINER,
            FIRMWARE_MAX_SIZE_MB,
            FIRMWARE_STORAGE_CONNECTION_STRING,
            FIRMWARE_SIGNING_KEY,
            LOGS_CONTAINER,
            LOGS_UPLOAD_VIA,
            LOGS_STORAGE_CONNECTION_STRING,
            dev.fleetops.functions.storage.StorageClients.TIMEOUT_SETTING,
            dev.fleetops.core.identity.AuthSettings.AUTH,
            dev.fleetops.core.identity.AuthSettings.AUTOMATION_NAME,
            dev.fleetops.core.identity.AuthSettings.AUTOMATION_ROLE,
            dev.fleetops.core.identity.AccessPolicy.OPERATOR_MAX_DEVICES,
            dev.fleetops.core.rollout.service.ApprovalPolicy.MIN_DEVICES,
            dev.fleetops.core.rollout.service.ApprovalPolicy.TTL_HOURS,
            EVENTS_SCHEDULE,
            EVENTGRID_ENDPOINT,
            EVENTGRID_DEV_TOKEN,
            dev.fleetops.core.event.EventSettings.MAX_ATTEMPTS,
            dev.fleetops.core.event.EventSettings.FIRST_BACKOFF_SECONDS,
            dev.fleetops.core.event.EventSettings.MAX_AGE_HOURS,
            dev.fleetops.core.event.EventSettings.DEADLETTER_CONTAINER,
            dev.fleetops.core.event.EventSettings.WEBHOOK_ALLOW_LOCAL,
            dev.fleetops.core.event.EventSettings.WEBHOOK_ALLOW_PRIVATE);

    private SettingNames() {}
}
