package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.http.RolloutDevicesFunctions;
import dev.fleetops.functions.http.RolloutFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.timer.RolloutTimerFunction;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A maintenance window in each device's own time (docs/rollouts.md, "Maintenance windows"): a reboot rollout of two
 * device agents on the local hub whose twins name different zones (one by an operator's tag, one by the reported
 * {@code timeZone}); the window is open now in one zone and twelve hours away in the other. The operations API and the
 * rollout timer (fired by the test as the host would) run on Azurite's tables.
 */
class DeviceLocalWindowIT {
    private static final String PREFIX = "zone-";
    private static final ZoneId OPEN_HERE = ZoneId.of("Asia/Tokyo");
    private static final ZoneId CLOSED_HERE = ZoneId.of("America/New_York");

    @TempDir
    static Path dir;

    @AutoClose
    static LocalDevices fleet;

    static RolloutFunctions operations;
    static RolloutDevicesFunctions results;
    static RolloutTimerFunction timer;

    @BeforeAll
    static void start() throws Exception {
        fleet = LocalDevices.start(dir, PREFIX, 2, 2, DeviceRuntime.Extras.NONE);
        FleetOpsInjector injector = Backend.on(fleet.hub, Map.of("METHOD_RESPONSE_TIMEOUT_SECONDS", "10"));
        operations = injector.getInstance(RolloutFunctions.class);
        results = injector.getInstance(RolloutDevicesFunctions.class);
        timer = injector.getInstance(RolloutTimerFunction.class);
        fleet.awaitConnected();
    }

    @Test
    void eachDeviceIsSentOnlyInsideItsOwnWindow() {
        String tokyo = LocalHub.deviceId(PREFIX, 1);
        String newYork = LocalHub.deviceId(PREFIX, 2);
        // Tokyo's zone comes from an operator's tag; New York's from what the device reports (the tag wins when both).
        JsonObject tags = new JsonObject();
        tags.addProperty("timeZone", OPEN_HERE.getId());
        fleet.hub.hub().updateTwin(tokyo, tags, null, null, false);
        JsonObject reported = new JsonObject();
        reported.addProperty("timeZone", CLOSED_HERE.getId());
        fleet.hub.hub().patchReported(newYork, reported, null);

        // Opened ten minutes ago on Tokyo's clock, for an hour: New York is 13 hours behind, so closed there.
        Instant now = Instant.now();
        String start = ZonedDateTime.ofInstant(now.minus(Duration.ofMinutes(10)), OPEN_HERE)
                .format(DateTimeFormatter.ofPattern("HH:mm"));
        TestHttpResponse created = TestHttpResponse.of(operations.create(
                TestHttpRequest.post(
                        "/api/operations",
                        "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"" + tokyo + "\",\"" + newYork + "\"]},"
                                + "\"maintenanceWindow\":{\"start\":\"" + start
                                + "\",\"durationMinutes\":60,\"timeZone\":\"device\"}}"),
                new TestContext("CreateOperation")));
        assertEquals(202, created.code(), String.valueOf(created.getBody()));
        String op = created.json().get("id").getAsString();

        Map<String, JsonObject> devices = Waits.until(
                Waits.upTo(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)),
                () -> {
                    timer.run("{}", new TestContext("RolloutTimer"));
                    return devices(op);
                },
                d -> d.containsKey(tokyo)
                        && d.get(tokyo).get("state").getAsString().equals("succeeded"),
                d -> "devices so far: " + d);

        JsonObject waiting = devices.get(newYork);
        assertEquals("queued", waiting.get("state").getAsString(), waiting.toString());
        assertEquals(0, waiting.get("attempt").getAsInt(), "no attempt used on its window");
        assertEquals(
                "outside its maintenance window (America/New_York)",
                waiting.get("detail").getAsString());
        Instant next = Instant.parse(waiting.get("nextAttemptAt").getAsString());
        ZonedDateTime localNext = next.atZone(CLOSED_HERE);
        assertEquals(
                start, localNext.format(DateTimeFormatter.ofPattern("HH:mm")), "its window's opening, in its zone");
        assertTrue(next.isAfter(now), "later than now");
        assertEquals(
                "running",
                TestHttpResponse.of(operations.get(
                                TestHttpRequest.get("/api/operations/" + op), op, new TestContext("GetOperation")))
                        .json()
                        .get("state")
                        .getAsString());
    }

    private static Map<String, JsonObject> devices(String op) {
        TestHttpResponse r = TestHttpResponse.of(results.devices(
                TestHttpRequest.get("/api/operations/" + op + "/devices"), op, new TestContext("OperationDevices")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        Map<String, JsonObject> out = new HashMap<>();
        r.json()
                .getAsJsonArray("devices")
                .forEach(d -> out.put(d.getAsJsonObject().get("deviceId").getAsString(), d.getAsJsonObject()));
        return out;
    }
}
