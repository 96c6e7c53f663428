package dev.fleetops.localhub.mqtt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a client id keeps between connections when it connects with cleanSession=0: its subscription
 * filters (the Java SDK never resubscribes to methods or desired properties after a reconnect).
 * Cloud-to-device messages queued while the device is offline will live here too. Thread-safe.
 */
public final class Session {
    private final String clientId;
    private final Set<String> filters = ConcurrentHashMap.newKeySet();

    public Session(String clientId) {
        this.clientId = clientId;
    }

    public String clientId() {
        return clientId;
    }

    /** Adds a filter; false if the session already holds {@code max} other filters. */
    public boolean subscribe(String filter, int max) {
        synchronized (filters) {
            if (!filters.contains(filter) && filters.size() >= max) {
                return false;
            }
            filters.add(filter);
            return true;
        }
    }

    public void unsubscribe(String filter) {
        filters.remove(filter);
    }

    public Set<String> filters() {
        return Set.copyOf(filters);
    }

    /** Whether any filter of this session matches {@code topic}. */
    public boolean isSubscribed(String topic) {
        for (String f : filters) {
            if (TopicFilter.matches(f, topic)) {
                return true;
            }
        }
        return false;
    }
}
