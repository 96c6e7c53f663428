package dev.fleetops.functions.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.timeline.DeviceTimeline;
import dev.fleetops.core.timeline.TimelineEntry;
import dev.fleetops.core.timeline.TimelineKeys;
import dev.fleetops.core.timeline.TimelinePage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeviceTimeline} must have; extended by the Table Storage test (against Azurite) and the
 * in-memory timeline's test. Every test uses fresh device ids, so a shared, persistent table is fine.
 */
abstract class DeviceTimelineContract {
    protected abstract DeviceTimeline timeline();

    protected final Instant now = Instant.parse("2026-06-01T12:00:00.123456Z");
    protected final String run = UUID.randomUUID().toString().substring(0, 8);

    protected static TimelineEntry entry(String device, Instant at, String state, int attempt) {
        return new TimelineEntry(
                device,
                TimelineKeys.key(at),
                at,
                TimelineEntry.Kind.ROLLOUT,
                "op-1",
                "firmwareUpdate",
                attempt,
                state,
                "detail of " + state,
                null,
                null,
                null);
    }

    private List<TimelineEntry> all(String device, int pageSize) {
        List<TimelineEntry> out = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            TimelinePage page = timeline().page(device, token, pageSize, now);
            assertTrue(page.entries().size() <= pageSize, "page size");
            out.addAll(page.entries());
            token = page.continuationToken();
            assertTrue(++pages < 100, "paging does not end");
        } while (token != null);
        return out;
    }

    @Test
    void eachDeviceHasItsOwnHistoryNewestFirstAndOneInstantKeepsItsWriteOrder() {
        String a = "dev-a-" + run;
        String b = "dev-b-" + run;
        Instant t = now.minusSeconds(60);
        timeline().append(List.of(entry(a, t, "in_progress", 1), entry(b, t, "in_progress", 1)));
        timeline().append(List.of(entry(a, t, "queued", 1)));
        timeline().append(List.of(entry(a, t.plusSeconds(10), "in_progress", 2)));
        timeline()
                .append(List.of(entry(a, t.plusSeconds(20), "succeeded", 2), entry(b, t.plusSeconds(20), "failed", 1)));

        assertEquals(
                List.of("succeeded 2", "in_progress 2", "queued 1", "in_progress 1"),
                all(a, 50).stream().map(e -> e.state() + " " + e.attempt()).toList());
        assertEquals(
                List.of("failed", "in_progress"),
                all(b, 50).stream().map(TimelineEntry::state).toList());
        assertEquals(List.of(), all("dev-none-" + run, 50));
    }

    @Test
    void pagesResumeExactlyAndTokensBelongToTheirDevice() {
        String d = "dev-p-" + run;
        List<TimelineEntry> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            TimelineEntry e = entry(d, now.minusSeconds(100 - i), "in_progress", i);
            written.add(0, e);
            timeline().append(List.of(e));
        }
        List<TimelineEntry> paged = all(d, 3);
        assertEquals(written, paged);
        TimelinePage first = timeline().page(d, null, 3, now);
        assertThrows(
                IllegalArgumentException.class,
                () -> timeline().page("dev-other-" + run, first.continuationToken(), 3, now));
        assertThrows(IllegalArgumentException.class, () -> timeline().page(d, "bm90IGEgdG9rZW4", 3, now));
        TimelinePage exact = timeline().page(d, null, 7, now);
        assertEquals(7, exact.entries().size());
        if (exact.continuationToken() != null) {
            assertEquals(
                    List.of(),
                    timeline().page(d, exact.continuationToken(), 7, now).entries());
        }
    }

    @Test
    void anEntryWrittenAgainIsStoredOnceWithEveryField() {
        String d = "dev-'odd'$(x)-" + run;
        TimelineEntry command = new TimelineEntry(
                d,
                TimelineKeys.key(now.minusSeconds(5)),
                now.minusSeconds(5),
                TimelineEntry.Kind.COMMAND,
                "logs-7",
                "uploadLogs",
                0,
                "succeeded",
                "accepted",
                null,
                null,
                new AuditActor("8f0c6a4e-0000-4000-8000-000000000001", "Alice", "user", List.of("FleetOps.Operator")));
        TimelineEntry failed = new TimelineEntry(
                d,
                TimelineKeys.key(now.minusSeconds(4)),
                now.minusSeconds(4),
                TimelineEntry.Kind.ROLLOUT,
                "op-2",
                "firmwareUpdate",
                3,
                "failed",
                "rolledBack",
                "healthCheckFailed",
                "no boot",
                null);
        timeline().append(List.of(command, failed));
        timeline().append(List.of(failed));
        assertEquals(List.of(failed, command), all(d, 50));
    }

    @Test
    void entriesOlderThanTheRetentionAreNotShown() {
        String d = "dev-r-" + run;
        Instant old = now.minus(DeviceTimeline.RETENTION).minus(Duration.ofMinutes(1));
        timeline().append(List.of(entry(d, old, "succeeded", 1)));
        timeline().append(List.of(entry(d, now.minusSeconds(1), "in_progress", 1)));
        assertEquals(
                List.of("in_progress"),
                all(d, 50).stream().map(TimelineEntry::state).toList());
        assertNull(timeline().page(d, null, 1, now).continuationToken());
    }
}
