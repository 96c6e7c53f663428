package dev.fleetops.localhub.jobs;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Where jobs survive restarts (twins have {@link dev.fleetops.localhub.hub.TwinStore}). The engine hands over whole
 * records, keyed {@code job/{jobId}} for a job and {@code row/{jobId}/{deviceId}} for a device row, each holding its
 * key under {@code "id"}; the last record of a key wins.
 */
public interface JobStore extends AutoCloseable {
    /** The last stored record of every key. */
    Map<String, JsonObject> load();

    /** Records a change; it is not durable until {@link #awaitDurable} returns for the ticket. @return the ticket */
    long append(String key, JsonObject record);

    /** Returns once the record with {@code ticket} (and every earlier one) is on disk (fsync'd). */
    void awaitDurable(long ticket);

    /** The key's job was pruned; its records need not be kept. */
    void forget(String key);

    @Override
    default void close() {}

    /** Keeps nothing: jobs live in memory only. */
    JobStore NONE = new JobStore() {
        @Override
        public Map<String, JsonObject> load() {
            return Map.of();
        }

        @Override
        public long append(String key, JsonObject record) {
            return 0;
        }

        @Override
        public void awaitDurable(long ticket) {}

        @Override
        public void forget(String key) {}
    };
}
