package dev.fleetops.core.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link SubscriptionStore} in memory, for tests. */
public final class InMemorySubscriptionStore implements SubscriptionStore {
    private final Map<String, Subscription> subs = new LinkedHashMap<>();

    @Override
    public synchronized void create(Subscription s) {
        subs.put(s.id(), s);
    }

    @Override
    public synchronized List<Subscription> list() {
        return new ArrayList<>(subs.values());
    }

    @Override
    public synchronized Optional<Subscription> get(String id) {
        return Optional.ofNullable(subs.get(id));
    }

    @Override
    public synchronized boolean delete(String id) {
        return subs.remove(id) != null;
    }
}
