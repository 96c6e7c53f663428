package dev.fleetops.core.timeline;

import dev.fleetops.contract.FieldError;
import dev.fleetops.core.hub.DeviceIds;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinLookup;
import dev.fleetops.core.hub.TwinReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/devices/{deviceId}/timeline}: validates the hostile query string, reads a page of the device's
 * timeline, and tells an unknown device from one with no history yet: only when the first page is empty is the twin
 * read, so a device removed from the hub still shows its history, and a typo is a 404 as on the other device routes.
 */
public final class DeviceTimelineService {
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 200;
    /** The query parameters the route reads (docs/api.md, openapi.json). */
    public static final List<String> PARAMETERS = List.of("pageSize", "continuationToken");

    private final DeviceTimeline timeline;
    private final TwinReader twins;
    private final Clock clock;

    public DeviceTimelineService(DeviceTimeline timeline, TwinReader twins, Clock clock) {
        this.timeline = Objects.requireNonNull(timeline, "'timeline' cannot be null.");
        this.twins = Objects.requireNonNull(twins, "'twins' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
    }

    /** @param query the request's query parameters ({@code pageSize}, {@code continuationToken}), or null */
    public TimelineOutcome read(String deviceId, Map<String, String> query) {
        Map<String, String> q = query == null ? Map.of() : query;
        List<FieldError> errors = new ArrayList<>();
        String idProblem = DeviceIds.problem(deviceId);
        if (idProblem != null) {
            errors.add(new FieldError("deviceId", idProblem));
        }
        int pageSize = DEFAULT_PAGE_SIZE;
        String size = q.get("pageSize");
        if (size != null) {
            pageSize = size.matches("[0-9]{1,3}") ? Integer.parseInt(size) : -1;
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                errors.add(new FieldError("pageSize", "must be a whole number from 1 to " + MAX_PAGE_SIZE));
            }
        }
        String token = q.get("continuationToken");
        if (token != null && idProblem == null) {
            try {
                TimelineKeys.resumeAfter(deviceId, token);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(
                        "continuationToken", "is not a token this API issued for this device's timeline"));
            }
        }
        if (!errors.isEmpty()) {
            return new TimelineOutcome.Invalid(errors);
        }
        TimelinePage page = timeline.page(deviceId, token, pageSize, clock.instant());
        if (token == null && page.entries().isEmpty()) {
            TwinLookup twin = twins.read(deviceId);
            if (twin instanceof HubFailure f) {
                return new TimelineOutcome.HubFailed(f);
            }
        }
        return new TimelineOutcome.Found(deviceId, page);
    }
}
