package dev.fleetops.functions.http;

import static dev.fleetops.functions.http.DeviceActionFunctionsTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.core.audit.AuditActor;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.timeline.DeviceTimelineService;
import dev.fleetops.core.timeline.InMemoryDeviceTimeline;
import dev.fleetops.core.timeline.TimelineEntry;
import dev.fleetops.core.timeline.TimelineKeys;
import dev.fleetops.functions.support.TestAccess;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.testkit.TestClock;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTimelineFunctionTest {
    private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T00:00:00Z"));
    private final InMemoryDeviceTimeline timeline = new InMemoryDeviceTimeline();
    private final DeviceTimelineFunction function = new DeviceTimelineFunction(
            () -> new DeviceTimelineService(
                    timeline,
                    id -> id.equals("dev-1")
                            ? new DeviceTwin(id, "Connected", null, new JsonObject())
                            : HubFailure.of(HubFailure.Kind.DEVICE_NOT_FOUND, "not found"),
                    clock),
            TestAccess.admin());
    private final TestContext context = new TestContext("DeviceTimeline");

    private TestHttpResponse get(String device, String... query) {
        var request = TestHttpRequest.get("/api/devices/" + device + "/timeline");
        for (int i = 0; i < query.length; i += 2) {
            request = request.withQuery(query[i], query[i + 1]);
        }
        return TestHttpResponse.of(function.timeline(request, device, context));
    }

    @Test
    void entriesShowNewestFirstWithTheirAttemptErrorAndActor() {
        Instant t = clock.instant().minusSeconds(60);
        timeline.append(List.of(new TimelineEntry(
                "dev-1",
                TimelineKeys.key(t),
                t,
                TimelineEntry.Kind.ROLLOUT,
                "op-1",
                "firmwareUpdate",
                1,
                "queued",
                "failed; retrying",
                "downloadFailed",
                "HTTP 503",
                null)));
        timeline.append(List.of(new TimelineEntry(
                "dev-1",
                TimelineKeys.key(t.plusSeconds(1)),
                t.plusSeconds(1),
                TimelineEntry.Kind.COMMAND,
                "logs-1",
                "uploadLogs",
                0,
                "succeeded",
                "accepted",
                null,
                null,
                new AuditActor("8f0c6a4e-0000-4000-8000-000000000001", "Alice", "user", List.of()))));

        TestHttpResponse r = get("dev-1", "pageSize", "1");
        assertEquals(200, r.code());
        assertEquals("no-store", r.getHeader("Cache-Control"));
        JsonObject body = r.json();
        assertEquals("dev-1", body.get("deviceId").getAsString());
        JsonObject command = body.getAsJsonArray("entries").get(0).getAsJsonObject();
        assertEquals("command", command.get("kind").getAsString());
        assertEquals("uploadLogs", command.get("action").getAsString());
        assertEquals(
                "Alice", command.getAsJsonObject("actor").get("displayName").getAsString());
        assertFalse(command.has("attempt"), "a command has no attempt");
        assertFalse(command.getAsJsonObject("actor").has("roles"), "the timeline names, the audit log has the rest");

        JsonObject next = get(
                        "dev-1",
                        "pageSize",
                        "1",
                        "continuationToken",
                        body.get("continuationToken").getAsString())
                .json();
        JsonObject retry = next.getAsJsonArray("entries").get(0).getAsJsonObject();
        assertEquals("rollout", retry.get("kind").getAsString());
        assertEquals(1, retry.get("attempt").getAsInt());
        assertEquals("queued", retry.get("state").getAsString());
        assertEquals(
                "downloadFailed", retry.getAsJsonObject("error").get("code").getAsString());
        assertEquals("2026-05-31T23:59:00Z", retry.get("at").getAsString());
        assertFalse(retry.has("actor"));
        assertFalse(next.has("continuationToken"), "the last page has no token");
    }

    @Test
    void badParametersAre400NamingTheFieldAndAnUnknownDevice404() {
        TestHttpResponse size = get("dev-1", "pageSize", "500");
        assertProblem(size, 400, "invalid-request");
        assertEquals("pageSize", size.firstErrorField());
        TestHttpResponse token = get("dev-1", "continuationToken", "%%%");
        assertProblem(token, 400, "invalid-request");
        assertEquals("continuationToken", token.firstErrorField());
        TestHttpResponse unknown = get("nobody");
        assertProblem(unknown, 404, "device-not-found");
        TestHttpResponse empty = get("dev-1");
        assertEquals(200, empty.code());
        assertTrue(empty.json().getAsJsonArray("entries").isEmpty());
    }
}
