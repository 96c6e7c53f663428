package dev.fleetops.core.timeline;

import java.util.List;

/** A page of a device's timeline, newest first; {@code continuationToken} is null on the last page. */
public record TimelinePage(List<TimelineEntry> entries, String continuationToken) {
    public TimelinePage {
        entries = List.copyOf(entries);
    }
}
