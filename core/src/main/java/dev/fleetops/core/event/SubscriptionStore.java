package dev.fleetops.core.event;

import java.util.List;
import java.util.Optional;

/** Port: webhook subscriptions (Table Storage; in memory in tests). */
public interface SubscriptionStore {
    void create(Subscription subscription);

    /** Oldest first. */
    List<Subscription> list();

    Optional<Subscription> get(String id);

    /** @return whether it existed */
    boolean delete(String id);
}
