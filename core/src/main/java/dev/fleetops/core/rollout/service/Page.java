package dev.fleetops.core.rollout.service;

import java.util.List;

/** One page of results and the token for the next page (null on the last page). */
public record Page<T>(List<T> items, String continuationToken) {
    public Page {
        items = List.copyOf(items);
    }
}
