package dev.fleetops.core.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Port: each device's history, newest first. Implementations: Azure Table Storage (a partition per device) and in
 * memory; {@code DeviceTimelineContract} holds both to the same behaviour.
 *
 * <ul>
 * <li>{@link #append} stores entries of any devices; an entry appended again (same device and key) replaces itself,
 * so a retried write adds nothing. Entries older than {@link #RETENTION} may be deleted by any append to their
 * device.</li>
 * <li>{@link #page} answers the device's entries not older than {@code now − RETENTION}, in key order (newest first),
 * at most {@code pageSize}; a continuation token resumes right after the last entry of its page. A page may be
 * followed by an empty last page. A token not issued for this device is an {@link IllegalArgumentException}.</li>
 * </ul>
 */
public interface DeviceTimeline {
    /** How long an entry is kept: the history of a quarter's rollouts, and a bound on a device's partition. */
    Duration RETENTION = Duration.ofDays(90);

    void append(List<TimelineEntry> entries);

    TimelinePage page(String deviceId, String continuationToken, int pageSize, Instant now);
}
