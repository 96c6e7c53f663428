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
