package dev.fleetops.core.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import dev.fleetops.contract.FieldError;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route's decisions: hostile parameters, paging, unknown devices, retention. */
class DeviceTimelineServiceTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryDeviceTimeline timeline = new InMemoryDeviceTimeline();
    private final Set<String> registered = Set.of("dev-1", "dev-2");
    private final DeviceTimelineService service = new DeviceTimelineService(
            timeline,
            id -> registered.contains(id)
                    ? new DeviceTwin(id, "Connected", null, new JsonObject())
                    : HubFailure.of(HubFailure.Kind.DEVICE_NOT_FOUND, "no such device"),
            clock);

    private TimelineEntry entry(String device, Instant at, String state) {
        return new TimelineEntry(
                device,
                TimelineKeys.key(at),
                at,
                TimelineEntry.Kind.ROLLOUT,
                "op-1",
                "reboot",
                1,
                state,
                null,
                null,
                null,
                null);
    }

    private static List<String> fields(TimelineOutcome o) {
        return assertInstanceOf(TimelineOutcome.Invalid.class, o).errors().stream()
                .map(FieldError::field)
                .toList();
    }

    @Test
    void pagesNewestFirstUntilTheLastPageHasNoToken() {
        Instant t = clock.instant();
        timeline.append(List.of(entry("dev-1", t.minusSeconds(3), "queued")));
        timeline.append(List.of(entry("dev-1", t.minusSeconds(2), "in_progress")));
        // Two entries of one instant keep the order they were written in.
        timeline.append(List.of(
                entry("dev-1", t.minusSeconds(1), "in_progress"), entry("dev-1", t.minusSeconds(1), "succeeded")));
        timeline.append(List.of(entry("dev-2", t, "failed")));

        TimelineOutcome.Found first =
                assertInstanceOf(TimelineOutcome.Found.class, service.read("dev-1", Map.of("pageSize", "3")));
        assertEquals(
                List.of("succeeded", "in_progress", "in_progress"),
                first.page().entries().stream().map(TimelineEntry::state).toList());
        TimelineOutcome.Found second = assertInstanceOf(
                TimelineOutcome.Found.class,
                service.read(
                        "dev-1",
                        Map.of(
                                "pageSize",
                                "3",
                                "continuationToken",
                                first.page().continuationToken())));
        assertEquals(
                List.of("queued"),
                second.page().entries().stream().map(TimelineEntry::state).toList());
        assertNull(second.page().continuationToken());
    }

    @Test
    void badParametersAreNamed() {
        assertEquals(List.of("pageSize"), fields(service.read("dev-1", Map.of("pageSize", "0"))));
        assertEquals(List.of("pageSize"), fields(service.read("dev-1", Map.of("pageSize", "201"))));
        assertEquals(List.of("pageSize"), fields(service.read("dev-1", Map.of("pageSize", "-1"))));
        assertEquals(List.of("pageSize"), fields(service.read("dev-1", Map.of("pageSize", "1e3"))));
        assertEquals(List.of("deviceId"), fields(service.read("dev 1", Map.of())));
        assertEquals(List.of("continuationToken"), fields(service.read("dev-1", Map.of("continuationToken", "x"))));
        timeline.append(List.of(entry("dev-2", clock.instant(), "a"), entry("dev-2", clock.instant(), "b")));
        String dev2Token = ((TimelineOutcome.Found) service.read("dev-2", Map.of("pageSize", "1")))
                .page()
                .continuationToken();
        assertEquals(
                List.of("continuationToken"),
                fields(service.read("dev-1", Map.of("continuationToken", dev2Token))),
                "another device's token");
        assertEquals(
                List.of("continuationToken"),
                fields(service.read("dev-1", Map.of("continuationToken", "A".repeat(TimelineKeys.MAX_TOKEN + 1)))));
    }

    @Test
    void anUnknownDeviceWithoutHistoryIsTheHubsNotFoundAndAKnownOneAnEmptyPage() {
        HubFailure f = assertInstanceOf(TimelineOutcome.HubFailed.class, service.read("nobody", null))
                .failure();
        assertEquals(HubFailure.Kind.DEVICE_NOT_FOUND, f.kind());
        TimelineOutcome.Found empty = assertInstanceOf(TimelineOutcome.Found.class, service.read("dev-1", null));
        assertEquals(List.of(), empty.page().entries());
        assertNull(empty.page().continuationToken());
        // A device removed from the hub keeps its history.
        timeline.append(List.of(entry("removed-1", clock.instant(), "removed")));
        assertInstanceOf(TimelineOutcome.Found.class, service.read("removed-1", null));
    }

    @Test
    void entriesPastTheRetentionAreNeitherShownNorKept() {
        Instant old = clock.instant().minus(DeviceTimeline.RETENTION).minusSeconds(1);
        timeline.append(List.of(entry("dev-1", old, "succeeded")));
        assertEquals(
                List.of(),
                assertInstanceOf(TimelineOutcome.Found.class, service.read("dev-1", null))
                        .page()
                        .entries());
        clock.advance(Duration.ofSeconds(2));
        timeline.append(List.of(entry("dev-1", clock.instant(), "queued")));
        // Shown again if the clock went back: it was deleted by the append, not only hidden.
        assertEquals(
                List.of("queued"),
                timeline.page("dev-1", null, 50, old).entries().stream()
                        .map(TimelineEntry::state)
                        .toList());
    }
}
