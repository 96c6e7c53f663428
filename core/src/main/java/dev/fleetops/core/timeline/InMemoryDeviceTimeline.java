package dev.fleetops.core.timeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link DeviceTimeline} in memory: for unit tests and the in-memory wiring. */
public final class InMemoryDeviceTimeline implements DeviceTimeline {
    private final Map<String, NavigableMap<String, TimelineEntry>> devices = new ConcurrentHashMap<>();

    @Override
    public void append(List<TimelineEntry> entries) {
        for (TimelineEntry e : entries) {
            NavigableMap<String, TimelineEntry> rows =
                    devices.computeIfAbsent(e.deviceId(), d -> new ConcurrentSkipListMap<>());
            rows.put(e.key(), e);
            // Keys sort newest first: everything past the retention bound is the tail.
            rows.tailMap(TimelineKeys.olderThan(e.at().minus(RETENTION)), true).clear();
        }
    }

    @Override
    public TimelinePage page(String deviceId, String continuationToken, int pageSize, Instant now) {
        String after = continuationToken == null ? null : TimelineKeys.resumeAfter(deviceId, continuationToken);
        NavigableMap<String, TimelineEntry> rows = devices.getOrDefault(deviceId, new ConcurrentSkipListMap<>());
        NavigableMap<String, TimelineEntry> live = rows.headMap(TimelineKeys.olderThan(now.minus(RETENTION)), false);
        if (after != null) {
            live = live.tailMap(after, false);
        }
        List<TimelineEntry> page = new ArrayList<>();
        for (TimelineEntry e : live.values()) {
            if (page.size() == pageSize) {
                return new TimelinePage(
                        page,
                        TimelineKeys.token(deviceId, page.get(page.size() - 1).key()));
            }
            page.add(e);
        }
        return new TimelinePage(page, null);
    }
}
