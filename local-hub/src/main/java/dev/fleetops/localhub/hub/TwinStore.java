package dev.fleetops.localhub.hub;

import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Where twins survive restarts (the registry has {@link RegistryStore}). The hub hands over one record per
 * twin change, holding the device's lock: the twin's whole resulting state (tags, desired and reported
 * sections with versions and update times, the twin version, the device's generation id). Replaying the
 * records in order therefore restores each twin exactly; the last record of a device wins.
 */
public interface TwinStore extends AutoCloseable {
    /** The last stored record of every device, by device id (records of deleted devices may be among them). */
    Map<String, JsonObject> load();

    /**
     * Records a twin change; the record is not durable until {@link #awaitDurable} returns for the ticket.
     *
     * @return a ticket for {@link #awaitDurable}
     */
    long append(String deviceId, JsonObject record);

    /** Returns once the record with {@code ticket} (and every earlier one) is on disk (fsync'd). */
    void awaitDurable(long ticket);

    /** The device was deleted; its twin need not be kept. */
    default void forget(String deviceId) {}

    @Override
    default void close() {}

    /** Keeps nothing: twins live in memory only (tests, throwaway hubs). */
    TwinStore NONE = new TwinStore() {
        @Override
        public Map<String, JsonObject> load() {
            return Map.of();
        }

        @Override
        public long append(String deviceId, JsonObject record) {
            return 0;
        }

        @Override
        public void awaitDurable(long ticket) {}
    };
}
