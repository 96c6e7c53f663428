package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.testkit.Waits;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory routes as a portal calls them: the packaged app in the shipped local runner, a function key whose
 * caller is a Reader, the local hub with five registered devices (inv-001..003 running agents, 004 and 005 offline)
 * and one more registered as {@code summary}, the name the summary route shadows.
 */
class InventoryHttpIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String KEY = "inv-" + UUID.randomUUID();

    @TempDir
    static Path dir;

    static LocalDevices fleet;
    static RunnerProcess runner;

    @BeforeAll
    static void start() throws Exception {
        fleet = LocalDevices.start(dir, "inv-", 5, 3, DeviceRuntime.Extras.NONE);
        fleet.hub.hub().addDevice("summary", null, null, true);
        runner = RunnerProcess.start(
                dir,
                fleet.hub,
                Map.of(
                        "PROGRESS_SCHEDULE", "0 0 0 1 1 *",
                        "ROLLOUT_SCHEDULE", "0 0 0 1 1 *",
                        "FLEETOPS_AUTOMATION_ROLE", "FleetOps.Reader"),
                null,
                KEY,
                "inventory-http-runner.log");
        // The three agents have reported their factory version.
        Waits.until(
                Waits.upTo(WAIT).pollInterval(Duration.ofMillis(200)),
                () -> json(get("/api/devices/summary"), 200),
                s -> s.getAsJsonArray("firmwareVersions").toString().contains("{\"version\":\"1.0.0\",\"devices\":3}"),
                s -> "agents did not report: " + s + runner.tail());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void theListPagesThroughEveryDeviceWithTheTokenOfEachPage() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>();
        String token = null;
        do {
            JsonObject page = json(
                    get("/api/devices?pageSize=2" + (token == null ? "" : "&continuationToken=" + encode(token))), 200);
            sizes.add(page.getAsJsonArray("devices").size());
            page.getAsJsonArray("devices")
                    .forEach(d -> ids.add(d.getAsJsonObject().get("deviceId").getAsString()));
            token = page.has("continuationToken")
                    ? page.get("continuationToken").getAsString()
                    : null;
        } while (token != null && sizes.size() < 10);
        assertEquals(List.of(2, 2, 2), sizes);
        assertEquals(new TreeSet<>(List.of("inv-001", "inv-002", "inv-003", "inv-004", "inv-005", "summary")), ids);
    }

    @Test
    void aFilterOnReportedPropertiesSelectsTheDevicesThatReportIt() throws Exception {
        JsonObject page = json(
                get("/api/devices?filter=" + encode("{\"reported\":{\"iothubDM.firmwareVersion\":\"1.0.0\"}}")), 200);
        TreeSet<String> ids = new TreeSet<>();
        page.getAsJsonArray("devices").forEach(d -> {
            JsonObject o = d.getAsJsonObject();
            ids.add(o.get("deviceId").getAsString());
            assertEquals("1.0.0", o.get("firmwareVersion").getAsString(), o.toString());
            assertEquals("Connected", o.get("connectionState").getAsString(), o.toString());
        });
        assertEquals(new TreeSet<>(List.of("inv-001", "inv-002", "inv-003")), ids);
        assertFalse(page.has("continuationToken"));
    }

    @Test
    void theSummaryRouteWinsOverTheDeviceNamedSummaryWhichStaysReachable() throws Exception {
        JsonObject summary = json(get("/api/devices/summary"), 200);
        assertEquals(6, summary.get("devices").getAsInt(), summary.toString());
        assertEquals(
                JsonParser.parseString("[{\"outcome\":\"none\",\"devices\":6}]"),
                summary.getAsJsonObject("actions").get("reboot"));
        JsonObject device = json(get("/api/devices/summary/status"), 200);
        assertEquals("summary", device.get("deviceId").getAsString());
    }

    @Test
    void badParametersAre400ProblemsNamingTheField() throws Exception {
        assertEquals(
                "filter.tags.site",
                field(get("/api/devices?filter=" + encode("{\"tags\":{\"site\":\"a' OR true --\"}}"))));
        assertEquals("filter", field(get("/api/devices/summary?filter=" + encode("site=berlin"))));
        assertEquals("pageSize", field(get("/api/devices?pageSize=101")));
        assertEquals("pageSize", field(get("/api/devices?pageSize=0")));
        assertEquals("continuationToken", field(get("/api/devices?continuationToken=bm90LWEtdG9rZW4")));
        String token = json(get("/api/devices?pageSize=1"), 200)
                .get("continuationToken")
                .getAsString();
        assertEquals(
                "continuationToken",
                field(get("/api/devices?pageSize=1&continuationToken=" + encode(token) + "&filter="
                        + encode("{\"tags\":{\"site\":\"berlin\"}}"))));
    }

    private static String field(HttpResponse<String> r) {
        assertEquals(400, r.statusCode(), () -> r.uri() + " -> " + r.body() + runner.tail());
        assertEquals(
                "application/problem+json; charset=utf-8",
                r.headers().firstValue("Content-Type").orElse(null),
                r.body());
        JsonObject p = JsonParser.parseString(r.body()).getAsJsonObject();
        assertEquals("invalid-request", p.get("code").getAsString(), r.body());
        JsonElement first = p.getAsJsonArray("errors").get(0);
        assertTrue(p.getAsJsonArray("errors").size() == 1, r.body());
        return first.getAsJsonObject().get("field").getAsString();
    }

    private static JsonObject json(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), () -> r.uri() + " -> " + r.body() + runner.tail());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return runner.http()
                .send(
                        HttpRequest.newBuilder(URI.create(runner.base() + pathAndQuery))
                                .header("x-functions-key", KEY)
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
