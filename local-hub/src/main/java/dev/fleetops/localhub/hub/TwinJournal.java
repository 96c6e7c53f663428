package dev.fleetops.localhub.hub;

import com.google.gson.JsonObject;
import dev.fleetops.localhub.errors.ErrorCodes;
import dev.fleetops.localhub.errors.HubException;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Makes twin changes durable in a {@link TwinStore}: restores the stored twins once at start, then journals each
 * change and waits until it is on disk (fsync'd) before the change is answered. Until a store is installed twins
 * live in memory only ({@link TwinStore#NONE}).
 */
final class TwinJournal {
    private volatile TwinStore store = TwinStore.NONE;

    /** As {@link Hub#useTwinStore}. */
    void use(TwinStore store, DeviceRegistry registry) {
        Map<String, JsonObject> records = store.load();
        for (DeviceEntry e : registry.entries()) {
            JsonObject r = records.get(e.identity.deviceId());
            if (r != null && TwinRecords.matches(e, r)) {
                synchronized (e) {
                    TwinRecords.restore(e, r);
                }
            }
        }
        this.store = store;
        registry.onRemoved(store::forget);
    }

    /**
     * Journals the twin of {@code e} and waits until it is on disk; call with the entry's lock held, after a change,
     * so records of one device reach the store in the order of its changes.
     *
     * @throws HubException 500001 if the store fails (the change stays applied in memory, unacknowledged)
     */
    void awaitDurable(DeviceEntry e) {
        TwinStore s = store;
        if (s == TwinStore.NONE) {
            return;
        }
        try {
            s.awaitDurable(s.append(e.identity.deviceId(), TwinRecords.of(e)));
        } catch (RuntimeException ex) {
            LoggerFactory.getLogger(TwinJournal.class).error("cannot store the twin of {}", e.identity.deviceId(), ex);
            throw new HubException(ErrorCodes.SERVER_ERROR, "The twin change could not be stored.");
        }
    }
}
