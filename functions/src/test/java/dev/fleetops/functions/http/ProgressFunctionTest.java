package dev.fleetops.functions.http;

import static dev.fleetops.functions.http.DeviceActionFunctionsTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fleetops.core.progress.ProgressService;
import dev.fleetops.core.progress.ProgressSettings;
import dev.fleetops.core.progress.ProgressStore;
import dev.fleetops.functions.support.TestAccess;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressFunctionTest {
    private String latest;
    private final ProgressService service = new ProgressService(
            (q, n) -> List.of(),
            new ProgressStore() {
                @Override
                public void save(String runName, String json) {
                    latest = json;
                }

                @Override
                public Optional<String> latest() {
                    return Optional.ofNullable(latest);
                }
            },
            Clock.systemUTC(),
            ProgressSettings.defaults());
    private final ProgressFunction function = new ProgressFunction(() -> service, TestAccess.admin());

    @Test
    void beforeTheFirstRunThereIsNothingToServe() {
        assertProblem(
                TestHttpResponse.of(function.latest(TestHttpRequest.get("/api/progress"), new TestContext("Progress"))),
                404,
                "no-progress-yet");
    }

    @Test
    void beforeTheFirstRunItSaysWhenTheTimerRunsNext() {
        java.time.Instant now = java.time.Instant.parse("2026-12-03T03:41:20Z");
        ProgressFunction withSchedule = new ProgressFunction(
                () -> service,
                TestAccess.admin(),
                () -> dev.fleetops.core.progress.NoProgressYet.at("0 */5 * * * *", now));
        TestHttpResponse r = TestHttpResponse.of(
                withSchedule.latest(TestHttpRequest.get("/api/progress"), new TestContext("Progress")));
        assertProblem(r, 404, "no-progress-yet");
        assertEquals("2026-12-03T03:45:00Z", r.json().get("nextRunAt").getAsString());
        org.junit.jupiter.api.Assertions.assertTrue(
                r.json().get("detail").getAsString().contains("Its next run is due at 2026-12-03T03:45:00Z"),
                String.valueOf(r.getBody()));
    }

    @Test
    void servesTheLatestSummaryAsStored() {
        service.run();
        TestHttpResponse r =
                TestHttpResponse.of(function.latest(TestHttpRequest.get("/api/progress"), new TestContext("Progress")));
        assertEquals(200, r.code());
        assertEquals(latest, r.getBody());
        assertEquals(0, r.json().get("totalDevices").getAsInt());
    }
}
