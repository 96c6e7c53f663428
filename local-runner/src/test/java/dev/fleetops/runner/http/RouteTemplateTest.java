package dev.fleetops.runner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {

    private static Map<String, String> match(String template, String... path) {
        return RouteTemplate.parse(template).match(List.of(path)).orElse(null);
    }

    @Test
    void aParameterSegmentCapturesItsValue() {
        assertEquals(Map.of("deviceId", "dev-1"), match("devices/{deviceId}/reboot", "devices", "dev-1", "reboot"));
    }

    @Test
    void literalsMatchIgnoringCaseButMustBeEqual() {
        assertEquals(Map.of("deviceId", "d"), match("devices/{deviceId}/reboot", "DEVICES", "d", "Reboot"));
        assertEquals(null, match("devices/{deviceId}/reboot", "devices", "d", "factory-reset"));
    }

    @Test
    void routeValuesAreLookedUpIgnoringCase() {
        assertEquals("d", match("devices/{deviceId}", "devices", "d").get("DEVICEID"));
    }

    @Test
    void aPathWithMoreOrFewerSegmentsDoesNotMatch() {
        assertEquals(null, match("devices/{deviceId}", "devices", "d", "status"));
        assertEquals(null, match("devices/{deviceId}/status", "devices", "d"));
        assertEquals(null, match("devices/{deviceId}", "devices"));
    }

    @Test
    void anOptionalTrailingParameterMayBeAbsent() {
        assertEquals(Map.of("id", "7"), match("things/{id}/{extra?}", "things", "7"));
        assertEquals(Map.of("id", "7", "extra", "x"), match("things/{id}/{extra?}", "things", "7", "x"));
    }

    @Test
    void anIntConstraintAcceptsOnlyIntegers() {
        assertEquals(Map.of("n", "-42"), match("page/{n:int}", "page", "-42"));
        assertEquals(null, match("page/{n:int}", "page", "4x"));
        assertEquals(null, match("page/{n:int}", "page", "99999999999"));
    }

    @Test
    void anAlphaConstraintAcceptsOnlyLetters() {
        assertEquals(Map.of("s", "abc"), match("s/{s:alpha}", "s", "abc"));
        assertEquals(null, match("s/{s:alpha}", "s", "ab1"));
    }

    @Test
    void otherConstraintsAreIgnored() {
        assertEquals(Map.of("id", "x"), match("o/{id:guid}", "o", "x"));
    }

    @Test
    void aCatchAllTakesTheRestOfThePath() {
        assertEquals(Map.of("rest", "a/b/c"), match("files/{*rest}", "files", "a", "b", "c"));
    }

    @Test
    void anEmptySegmentDoesNotSatisfyAParameter() {
        assertEquals(null, match("devices/{deviceId}/reboot", "devices", "", "reboot"));
    }

    @Test
    void leadingAndTrailingSlashesInTheTemplateAreIgnored() {
        assertEquals(Map.of(), match("/operations/", "operations"));
    }

    @Test
    void segmentsMixingTextAndParametersAreRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RouteTemplate.parse("files/{name}.{ext}"));
        assertTrue(e.getMessage().contains("mixes text and parameters"), e.getMessage());
    }

    @Test
    void anOptionalParameterMustBeLast() {
        assertThrows(IllegalArgumentException.class, () -> RouteTemplate.parse("a/{b?}/c"));
    }
}
