package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.device.sim.Behaviour;
import dev.fleetops.functions.http.InventoryFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.standins.http.WorkerHttpRequest;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device inventory on the real parts: simulated devices on the local hub, the functions wired as the host wires
 * them (service SDK queries, one hub page per request), fleet operations in Azurite to change what devices report.
 * Six devices are tagged {@code site=berlin}, six {@code site=paris}.
 */
class InventoryIT {
    private static final int DEVICES = 12;
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final String BERLIN = "{\"tags\":{\"site\":\"berlin\"}}";

    @TempDir
    static Path dir;

    static FleetFixture fleet;
    static InventoryFunctions inventory;
    static List<String> berlin = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        fleet = new FleetFixture(dir, DEVICES, "", 3);
        inventory = Backend.on(fleet.hub, Map.of()).getInstance(InventoryFunctions.class);
        List<String> all = new ArrayList<>(fleet.byBehaviour.get(Behaviour.NORMAL));
        for (int i = 0; i < all.size(); i++) {
            String site = i % 2 == 0 ? "berlin" : "paris";
            JsonObject tags = new JsonObject();
            tags.addProperty("site", site);
            fleet.hub.hub().updateTwin(all.get(i), tags, null, null, false);
            if (site.equals("berlin")) {
                berlin.add(all.get(i));
            }
        }
        // Every device has reported its factory version before the tests count.
        Waits.until(
                Waits.upTo(SETTLE).pollInterval(Duration.ofMillis(200)),
                () -> summary(null),
                s -> s.getAsJsonArray("firmwareVersions").size() == 1
                        && s.getAsJsonArray("firmwareVersions")
                                .get(0)
                                .getAsJsonObject()
                                .has("version"),
                s -> "devices did not all report a version: " + s);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aFilteredListPagesThroughExactlyTheMatchingDevices() {
        JsonObject first = list(BERLIN, 4, null);
        JsonArray page1 = first.getAsJsonArray("devices");
        assertEquals(4, page1.size(), first.toString());
        String token = first.get("continuationToken").getAsString();
        JsonObject second = list(BERLIN, 4, token);
        JsonArray page2 = second.getAsJsonArray("devices");
        assertEquals(2, page2.size(), second.toString());
        assertFalse(second.has("continuationToken"), "the last page has no token: " + second);
        TreeSet<String> seen = new TreeSet<>();
        for (JsonArray page : List.of(page1, page2)) {
            for (JsonElement e : page) {
                JsonObject d = e.getAsJsonObject();
                assertTrue(seen.add(d.get("deviceId").getAsString()), "listed twice: " + d);
                assertEquals("Connected", d.get("connectionState").getAsString(), d.toString());
                assertNotNull(d.get("lastActivityTime"), d.toString());
                assertEquals("1.0.0", fleet.firmwareVersion(d.get("deviceId").getAsString()));
                assertTrue(d.has("firmwareVersion"), d.toString());
            }
        }
        assertEquals(new TreeSet<>(berlin), seen);
    }

    @Test
    void theWholeFleetPagesInBoundedPages() {
        TreeSet<String> seen = new TreeSet<>();
        String token = null;
        int pages = 0;
        do {
            JsonObject page = list(null, 5, token);
            assertTrue(page.getAsJsonArray("devices").size() <= 5, page.toString());
            page.getAsJsonArray("devices")
                    .forEach(d -> seen.add(d.getAsJsonObject().get("deviceId").getAsString()));
            token = page.has("continuationToken")
                    ? page.get("continuationToken").getAsString()
                    : null;
            pages++;
        } while (token != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(DEVICES, seen.size());
    }

    @Test
    void theSummaryCountsWhatDevicesReportAfterRebootsAndAFirmwareUpdate() {
        List<String> rebooted = berlin.subList(0, 3);
        String reboot = fleet.create(FleetFixture.reboot(rebooted, ""), null);
        fleet.tickUntil(reboot, s -> s.equals("completed"), SETTLE);
        List<String> updated = berlin.subList(3, 5);
        String update = fleet.create(fleet.firmware("2.0.0", updated, ""), null);
        fleet.tickUntil(update, s -> s.equals("completed"), SETTLE);

        JsonObject all = summary(null);
        assertEquals(DEVICES, all.get("devices").getAsInt(), all.toString());
        assertFalse(all.get("truncated").getAsBoolean());
        assertEquals(
                Map.of("2.0.0", 2, "1.0.0", DEVICES - 2), counts(all.getAsJsonArray("firmwareVersions"), "version"));
        assertEquals(
                3,
                counts(all.getAsJsonObject("actions").getAsJsonArray("reboot"), "status")
                        .get("completed"));
        // Every count is what the twins say.
        assertEquals(expectedVersions(), counts(all.getAsJsonArray("firmwareVersions"), "version"));
        for (String section : List.of("reboot", "factoryReset", "firmwareUpdate")) {
            assertEquals(
                    expectedStatuses(section),
                    counts(all.getAsJsonObject("actions").getAsJsonArray(section), "status"),
                    section + ": " + all);
        }

        JsonObject inBerlin = summary(BERLIN);
        assertEquals(6, inBerlin.get("devices").getAsInt(), inBerlin.toString());
        assertEquals(Map.of("2.0.0", 2, "1.0.0", 4), counts(inBerlin.getAsJsonArray("firmwareVersions"), "version"));

        // The list shows each device's last action: the update is newer than the reboot on no device here.
        Map<String, JsonObject> listed = new TreeMap<>();
        list(BERLIN, 10, null)
                .getAsJsonArray("devices")
                .forEach(d -> listed.put(d.getAsJsonObject().get("deviceId").getAsString(), d.getAsJsonObject()));
        JsonObject r = listed.get(rebooted.get(0)).getAsJsonObject("lastAction");
        assertEquals("reboot", r.get("action").getAsString(), r.toString());
        assertEquals("completed", r.get("status").getAsString());
        assertEquals("succeeded", r.get("outcome").getAsString());
        JsonObject u = listed.get(updated.get(0));
        assertEquals("2.0.0", u.get("firmwareVersion").getAsString(), u.toString());
        assertEquals(
                "firmwareUpdate", u.getAsJsonObject("lastAction").get("action").getAsString());
        assertEquals("succeeded", u.getAsJsonObject("lastAction").get("outcome").getAsString());
        assertNull(listed.get(berlin.get(5)).get("lastAction"), "a device that ran nothing has no last action");
    }

    @Test
    void aMadeUpTokenOrAnotherFiltersTokenIsRefusedNamingIt() {
        String token = list(BERLIN, 2, null).get("continuationToken").getAsString();
        TestHttpResponse other = TestHttpResponse.of(inventory.list(
                request("/api/devices", "{\"tags\":{\"site\":\"paris\"}}", 2, token),
                new TestContext("DeviceInventory")));
        assertEquals(400, other.code());
        assertEquals(
                "continuationToken",
                other.json()
                        .getAsJsonArray("errors")
                        .get(0)
                        .getAsJsonObject()
                        .get("field")
                        .getAsString());
    }

    private static Map<String, Integer> expectedVersions() {
        Map<String, Integer> out = new TreeMap<>();
        for (String id : fleet.byBehaviour.get(Behaviour.NORMAL)) {
            out.merge(String.valueOf(fleet.firmwareVersion(id)), 1, Integer::sum);
        }
        return out;
    }

    private static Map<String, Integer> expectedStatuses(String section) {
        Map<String, Integer> out = new TreeMap<>();
        for (String id : fleet.byBehaviour.get(Behaviour.NORMAL)) {
            JsonElement s = fleet.reported(id, section).get("status");
            out.merge(s == null || s.isJsonNull() ? "null" : s.getAsString(), 1, Integer::sum);
        }
        return out;
    }

    /** A summary dimension as value → devices; the group without a value is "null". */
    private static Map<String, Integer> counts(JsonArray rows, String key) {
        Map<String, Integer> out = new TreeMap<>();
        rows.forEach(e -> {
            JsonObject o = e.getAsJsonObject();
            out.merge(
                    o.has(key) ? o.get(key).getAsString() : "null",
                    o.get("devices").getAsInt(),
                    Integer::sum);
        });
        return out;
    }

    private static JsonObject list(String filter, int pageSize, String token) {
        TestHttpResponse r = TestHttpResponse.of(
                inventory.list(request("/api/devices", filter, pageSize, token), new TestContext("DeviceInventory")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        return r.json();
    }

    private static JsonObject summary(String filter) {
        TestHttpResponse r = TestHttpResponse.of(
                inventory.summary(request("/api/devices/summary", filter, 0, null), new TestContext("DeviceSummary")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        return r.json();
    }

    private static WorkerHttpRequest<Optional<String>> request(String path, String filter, int pageSize, String token) {
        WorkerHttpRequest<Optional<String>> r = TestHttpRequest.get(path);
        if (filter != null) {
            r = r.withQuery("filter", filter);
        }
        if (pageSize > 0) {
            r = r.withQuery("pageSize", Integer.toString(pageSize));
        }
        if (token != null) {
            r = r.withQuery("continuationToken", token);
        }
        return r;
    }
}
