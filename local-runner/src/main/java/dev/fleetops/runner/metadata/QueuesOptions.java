package dev.fleetops.runner.metadata;

import java.time.Duration;
import java.util.Locale;

/**
 * host.json {@code extensions.queues}, with the defaults and limits of the host's Azure Storage Queues extension 5.x
 * (Azure/azure-sdk-for-net, sdk/storage/Microsoft.Azure.WebJobs.Extensions.Storage.Common/src/Shared/Queues/
 * QueuesOptions.cs and QueuePollingIntervals.cs).
 *
 * @param batchSize          messages fetched per receive, 1 to 32 (16)
 * @param newBatchThreshold  in-flight count at or below which the next batch is fetched; null when unset, then
 *                           {@link #newBatchThreshold(int)} computes the extension's default
 * @param maxPollingInterval the longest wait between polls of an empty queue, at least 100 ms (1 minute)
 * @param visibilityTimeout  how long a message that failed stays invisible before its next try (0)
 * @param maxDequeueCount    tries before a message moves to {@code <queue>-poison}, at least 1 (5)
 * @param messageEncoding    how message bodies travel: base64 (the default) or none
 */
public record QueuesOptions(
        int batchSize,
        Integer newBatchThreshold,
        Duration maxPollingInterval,
        Duration visibilityTimeout,
        int maxDequeueCount,
        Encoding messageEncoding) {
    /** {@code QueuesOptions.MaxBatchSize}: the most Azure Queues returns per receive. */
    public static final int MAX_BATCH_SIZE = 32;
    /** {@code QueuePollingIntervals.Minimum}: the first back-off delay, and the floor of maxPollingInterval. */
    public static final Duration MINIMUM_POLLING_INTERVAL = Duration.ofMillis(100);

    /** {@code Azure.Storage.Queues.QueueMessageEncoding}. */
    public enum Encoding {
        BASE64,
        NONE
    }

    public static final QueuesOptions DEFAULTS =
            new QueuesOptions(16, null, Duration.ofMinutes(1), Duration.ZERO, 5, Encoding.BASE64);

    /** @throws IllegalArgumentException for a value the extension's setters refuse, naming the option */
    public QueuesOptions {
        if (batchSize <= 0 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException(
                    "extensions.queues.batchSize must be 1 to " + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        if (newBatchThreshold != null && newBatchThreshold < 0) {
            throw new IllegalArgumentException(
                    "extensions.queues.newBatchThreshold must not be negative, was " + newBatchThreshold);
        }
        if (maxPollingInterval.compareTo(MINIMUM_POLLING_INTERVAL) < 0) {
            throw new IllegalArgumentException("extensions.queues.maxPollingInterval must not be less than "
                    + MINIMUM_POLLING_INTERVAL.toMillis() + " ms, was " + maxPollingInterval);
        }
        if (maxDequeueCount < 1) {
            throw new IllegalArgumentException(
                    "extensions.queues.maxDequeueCount must not be less than 1, was " + maxDequeueCount);
        }
    }

    /**
     * The threshold in effect: as set, else {@code (batchSize / 2) * processorCount}, where the extension's
     * {@code SkuUtility.ProcessorCount} is 1 on the Consumption plan ({@code WEBSITE_SKU=Dynamic}) and
     * {@code Environment.ProcessorCount} elsewhere.
     */
    public int newBatchThreshold(int processorCount) {
        return newBatchThreshold != null ? newBatchThreshold : (batchSize / 2) * processorCount;
    }

    static Encoding encoding(String value) {
        try {
            return Encoding.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "extensions.queues.messageEncoding must be base64 or none, was '" + value + "'", e);
        }
    }
}
