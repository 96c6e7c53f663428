package dev.fleetops.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A webhook subscription: where to POST events, which ones, and the secret they are signed with.
 *
 * @param eventTypes filters ({@link EventType#isFilter}): types, {@code device.*}, {@code operation.*} or {@code *}
 * @param secret     {@code whsec_<base64>} (Standard Webhooks); shown once, when the subscription is created
 */
public record Subscription(
        String id, String url, List<String> eventTypes, String secret, Instant createdAt, String createdBy) {
    public Subscription {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        eventTypes = List.copyOf(eventTypes);
        Objects.requireNonNull(secret, "secret");
    }

    public boolean accepts(EventType type) {
        return eventTypes.stream().anyMatch(type::matches);
    }

    /** The subscription as listed: everything but the secret. */
    @Override
    public String toString() {
        return "Subscription[id=" + id + ", url=" + url + ", eventTypes=" + eventTypes + "]";
    }
}
