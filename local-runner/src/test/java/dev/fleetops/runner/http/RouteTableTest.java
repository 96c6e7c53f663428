package dev.fleetops.runner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fleetops.runner.metadata.AuthLevel;
import dev.fleetops.runner.metadata.EntryPoint;
import dev.fleetops.runner.metadata.FunctionMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private static RouteTable.Route route(String name, String template, String... methods) {
        return new RouteTable.Route(
                RouteTemplate.parse(template),
                new FunctionMetadata.Http(
                        name,
                        EntryPoint.of(Path.of("app.jar"), "a.B." + name),
                        "req",
                        template,
                        Set.of(methods),
                        AuthLevel.FUNCTION));
    }

    private final RouteTable table = new RouteTable(
            "api",
            List.of(
                    route("GetOperation", "operations/{id}", "GET"),
                    route("ListOperations", "operations", "GET"),
                    route("CreateOperation", "operations", "POST"),
                    route("Latest", "operations/latest", "GET"),
                    route("Reboot", "devices/{deviceId}/reboot", "POST"),
                    route("Anything", "any/{x}")));

    private String find(String method, String path) {
        return table.find(method, path).map(m -> m.function().name()).orElse(null);
    }

    @Test
    void theSameRouteWithDifferentMethodsReachesDifferentFunctions() {
        assertEquals("ListOperations", find("GET", "/api/operations"));
        assertEquals("CreateOperation", find("POST", "/api/operations"));
    }

    @Test
    void aLiteralSegmentWinsOverAParameter() {
        assertEquals("Latest", find("GET", "/api/operations/latest"));
        assertEquals("GetOperation", find("GET", "/api/operations/op-1"));
    }

    /**
     * The inventory's routes beside the device routes, registered in any order: ASP.NET Core ranks a literal segment
     * before a parameter at the same position (aspnet/Routing, src/Microsoft.AspNetCore.Routing/Template/RoutePrecedence.cs;
     * learn.microsoft.com/aspnet/core/fundamentals/routing, "Route template precedence"), so {@code devices/summary}
     * is the summary, and a device named "summary" is still reachable under {@code devices/summary/status}.
     */
    @Test
    void theDeviceSummaryRouteWinsOverADeviceNamedSummary() {
        RouteTable devices = new RouteTable(
                "api",
                List.of(
                        route("Device", "devices/{deviceId}", "GET"),
                        route("DeviceStatus", "devices/{deviceId}/status", "GET"),
                        route("DeviceSummary", "devices/summary", "GET"),
                        route("DeviceInventory", "devices", "GET")));
        assertEquals(
                "DeviceSummary",
                devices.find("GET", "/api/devices/summary")
                        .orElseThrow()
                        .function()
                        .name());
        assertEquals(
                "DeviceSummary",
                devices.find("GET", "/api/devices/SUMMARY")
                        .orElseThrow()
                        .function()
                        .name());
        assertEquals(
                "DeviceInventory",
                devices.find("GET", "/api/devices").orElseThrow().function().name());
        assertEquals(
                "DeviceInventory",
                devices.find("GET", "/api/devices/").orElseThrow().function().name());
        assertEquals(
                "Device",
                devices.find("GET", "/api/devices/summary-1")
                        .orElseThrow()
                        .function()
                        .name());
        RouteTable.Match status =
                devices.find("GET", "/api/devices/summary/status").orElseThrow();
        assertEquals("DeviceStatus", status.function().name());
        assertEquals("summary", status.routeValues().get("deviceId"));
    }

    @Test
    void aMethodMismatchFindsNothingButIsReportedForTheLog() {
        assertEquals(null, find("GET", "/api/devices/d/reboot"));
        assertEquals(List.of("Reboot [POST]"), table.functionsMatchingPath("/api/devices/d/reboot"));
    }

    @Test
    void aFunctionWithoutMethodsAcceptsEveryMethod() {
        assertEquals("Anything", find("DELETE", "/api/any/1"));
    }

    @Test
    void routeValuesArePercentDecodedButPlusStaysPlus() {
        Map<String, String> values = table.find("POST", "/api/devices/bad%20id+x/reboot")
                .orElseThrow()
                .routeValues();
        assertEquals("bad id+x", values.get("deviceId"));
    }

    @Test
    void aPathOutsideThePrefixFindsNothing() {
        assertEquals(null, find("GET", "/operations"));
        assertEquals(null, find("GET", "/apix/operations"));
    }

    @Test
    void anEmptyPrefixServesRoutesAtTheRoot() {
        RouteTable root = new RouteTable("", List.of(route("ListOperations", "operations", "GET")));
        assertTrue(root.find("GET", "/operations").isPresent());
    }
}
