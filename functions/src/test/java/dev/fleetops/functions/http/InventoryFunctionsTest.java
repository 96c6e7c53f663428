package dev.fleetops.functions.http;

import static dev.fleetops.functions.http.DeviceActionFunctionsTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.hub.HubCallException;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.QueryPage;
import dev.fleetops.core.hub.TwinPages;
import dev.fleetops.core.inventory.InventoryService;
import dev.fleetops.functions.support.TestAccess;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP shape of the inventory over a scripted hub; the real hub and runner are covered by the e2e suites. */
class InventoryFunctionsTest {
    private TwinPages hub = (q, size, token) -> q.contains("GROUP BY")
            ? new QueryPage(List.of(row("{\"v\":\"1.0.0\",\"n\":2}"), row("{\"n\":1}")), null)
            : new QueryPage(
                    List.of(row("{\"deviceId\":\"d1\",\"connectionState\":\"Connected\",\"dm\":{\"firmwareVersion\":"
                            + "\"1.0.0\",\"reboot\":{\"status\":\"completed\",\"operationId\":\"r1\","
                            + "\"updatedAt\":\"2026-12-01T09:00:00.000Z\"}}}")),
                    "next");
    private final InventoryFunctions functions =
            new InventoryFunctions(() -> new InventoryService((q, s, t) -> hub.page(q, s, t)), TestAccess.admin());

    private static JsonObject row(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    void aPageListsEachDeviceWithItsLastActionAndLeavesOutWhatTheTwinLacks() {
        TestHttpResponse r = TestHttpResponse.of(
                functions.list(TestHttpRequest.get("/api/devices"), new TestContext("DeviceInventory")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        assertEquals("no-store", r.getHeader("Cache-Control"));
        JsonObject d = r.json().getAsJsonArray("devices").get(0).getAsJsonObject();
        assertEquals(List.of("deviceId", "connectionState", "firmwareVersion", "lastAction"), List.copyOf(d.keySet()));
        assertEquals(
                row("{\"action\":\"reboot\",\"status\":\"completed\",\"outcome\":\"succeeded\",\"operationId\":\"r1\","
                        + "\"updatedAt\":\"2026-12-01T09:00:00.000Z\"}"),
                d.getAsJsonObject("lastAction"));
        assertFalse(r.json().get("continuationToken").getAsString().contains("next"));
    }

    @Test
    void theSummaryCountsVersionsAndStatusesAndLeavesOutTheMissingValue() {
        TestHttpResponse r = TestHttpResponse.of(
                functions.summary(TestHttpRequest.get("/api/devices/summary"), new TestContext("DeviceSummary")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        assertEquals(3, r.json().get("devices").getAsInt());
        assertEquals(
                JsonParser.parseString("[{\"version\":\"1.0.0\",\"devices\":2},{\"devices\":1}]"),
                r.json().get("firmwareVersions"));
        assertEquals(
                JsonParser.parseString("[{\"status\":\"1.0.0\",\"outcome\":\"unknown\",\"devices\":2},"
                        + "{\"outcome\":\"none\",\"devices\":1}]"),
                r.json().getAsJsonObject("actions").get("reboot"));
        assertFalse(r.json().get("truncated").getAsBoolean());
    }

    @Test
    void badParametersAre400NamingTheFieldAndHubFailuresKeepTheirProblem() {
        TestHttpResponse bad = TestHttpResponse.of(functions.list(
                TestHttpRequest.get("/api/devices").withQuery("pageSize", "500").withQuery("filter", "{\"tags\":1}"),
                new TestContext("DeviceInventory")));
        assertProblem(bad, 400, "invalid-request");
        assertEquals("filter.tags; filter; pageSize", fields(bad));
        hub = (q, s, t) -> {
            throw new HubCallException(new HubFailure(HubFailure.Kind.THROTTLED, 429, 429001, "slow down", null));
        };
        assertProblem(
                TestHttpResponse.of(functions.summary(
                        TestHttpRequest.get("/api/devices/summary"), new TestContext("DeviceSummary"))),
                503,
                "hub-throttled");
    }

    private static String fields(TestHttpResponse r) {
        StringBuilder out = new StringBuilder();
        r.json()
                .getAsJsonArray("errors")
                .forEach(e -> out.append(out.length() == 0 ? "" : "; ")
                        .append(e.getAsJsonObject().get("field").getAsString()));
        return out.toString();
    }
}
