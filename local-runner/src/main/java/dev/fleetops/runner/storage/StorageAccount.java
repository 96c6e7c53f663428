package dev.fleetops.runner.storage;

import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClientBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A storage account named by a {@code connection} the way the WebJobs SDK finds it: the setting
 * {@code AzureWebJobs<name>}, else {@code <name>}, each first as {@code ConnectionStrings:<name>} (an environment
 * variable {@code ConnectionStrings__<name>}) then as a plain setting (Azure/azure-webjobs-sdk,
 * src/Microsoft.Azure.WebJobs.Host/Extensions/IConfigurationExtensions.cs {@code GetWebJobsConnectionString});
 * an unset name means {@code Storage}, i.e. {@code AzureWebJobsStorage}
 * (src/Microsoft.Azure.WebJobs.Host.Storage/StorageClientProvider.cs). Only connection strings are supported, among
 * them {@code UseDevelopmentStorage=true} (Azurite on 127.0.0.1:10000-10002), which the Azure SDK understands as the
 * host's does; identity-based connections ({@code <name>__serviceUri} …) are not.
 */
public record StorageAccount(String connectionString) {
    /** {@code ConnectionStringNames.Storage}. */
    public static final String DEFAULT_CONNECTION = "Storage";

    private static final String PREFIX = "AzureWebJobs";

    @Override
    public String toString() {
        return "StorageAccount[connection string not shown]";
    }

    /** The account behind {@code connection} (null or blank: {@code Storage}), or empty when no setting holds one. */
    public static Optional<StorageAccount> find(String connection, Map<String, String> env) {
        String name = connection == null || connection.isBlank() ? DEFAULT_CONNECTION : connection;
        String value = setting(PREFIX + name, env);
        if (value == null || value.isEmpty()) {
            value = setting(name, env);
        }
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(new StorageAccount(value));
    }

    /**
     * @throws IllegalArgumentException with the host's message when no setting holds the connection
     */
    public static StorageAccount require(String connection, Map<String, String> env) {
        String name = connection == null || connection.isBlank() ? DEFAULT_CONNECTION : connection;
        return find(connection, env)
                .orElseThrow(() -> new IllegalArgumentException("Storage account connection string '"
                        + (name.startsWith(PREFIX) ? name : PREFIX + name)
                        + "' does not exist. Make sure that it is a defined App Setting."
                        + (env.keySet().stream().anyMatch(k -> k.startsWith(name + "__"))
                                ? " (identity-based connections, " + name + "__*, are outside the runner's scope)"
                                : "")));
    }

    private static String setting(String name, Map<String, String> env) {
        String v = env.get("ConnectionStrings__" + name);
        return v != null ? v : env.get(name);
    }

    /** A queue client: {@code encoding} as the extension sets it from {@code messageEncoding}. */
    public QueueClientBuilder queue(String queueName) {
        return new QueueClientBuilder()
                .connectionString(connectionString)
                .queueName(queueName)
                .retryOptions(RETRIES);
    }

    /** The host's container {@code azure-webjobs-hosts} ({@code HostContainerNames.Hosts}). */
    public BlobContainerClient hostsContainer() {
        return new BlobServiceClientBuilder()
                .connectionString(connectionString)
                .retryOptions(RETRIES)
                .buildClient()
                .getBlobContainerClient("azure-webjobs-hosts");
    }

    /**
     * Fewer and shorter retries than the SDK's default (which can block a poll for minutes): a stopped Azurite then
     * shows as a failed poll within seconds, and the listener's own back-off takes over, as the extension's does
     * for server errors.
     */
    private static final RetryOptions RETRIES = new RetryOptions(new ExponentialBackoffOptions()
            .setMaxRetries(2)
            .setBaseDelay(Duration.ofMillis(200))
            .setMaxDelay(Duration.ofSeconds(2)));
}
