package dev.fleetops.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the function.json files that azure-functions-maven-plugin generated at package time: the
 * metadata the real Functions host reads for routes, methods, auth level and schedules.
 */
class FunctionMetadataIT {
    private static final Path STAGING =
            Path.of(System.getProperty("fleetops.functions.staging", "target/azure-functions/fleetops"));

    private static JsonObject trigger(String function) throws IOException {
        Path file = STAGING.resolve(function).resolve("function.json");
        assertTrue(Files.exists(file), "missing " + file + "; run mvn package first");
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        return json.getAsJsonArray("bindings").get(0).getAsJsonObject();
    }

    private static void assertHttp(String function, String method, String route) throws IOException {
        JsonObject t = trigger(function);
        assertEquals("httpTrigger", t.get("type").getAsString(), function);
        assertEquals(route, t.get("route").getAsString(), function);
        JsonArray methods = t.getAsJsonArray("methods");
        assertEquals(1, methods.size(), function);
        assertEquals(method, methods.get(0).getAsString(), function);
        assertEquals("FUNCTION", t.get("authLevel").getAsString(), function + " must require a function key");
    }

    @Test
    void everyFunctionIsGeneratedAndNothingElse() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(STAGING)) {
            dirs.filter(d -> Files.exists(d.resolve("function.json")))
                    .forEach(d -> names.add(d.getFileName().toString()));
        }
        assertEquals(
                new TreeSet<>(List.of(
                        "Reboot",
                        "FactoryReset",
                        "FirmwareUpdate",
                        "DeviceStatus",
                        "Device",
                        "Progress",
                        "ProgressTimer",
                        "CreateOperation",
                        "ListOperations",
                        "GetOperation",
                        "OperationDevices",
                        "CancelOperation",
                        "PauseOperation",
                        "ResumeOperation",
                        "RetryFailedOperation",
                        "CancelOperationDevice",
                        "RolloutTimer",
                        "OpenApi",
                        "OperationReport",
                        "ApproveOperation",
                        "RejectOperation",
                        "Audit")),
                new TreeSet<>(names));
    }

    @Test
    void approvalAndAuditRoutesHaveFunctionKeys() throws IOException {
        assertHttp("ApproveOperation", "POST", "operations/{id}/approve");
        assertHttp("RejectOperation", "POST", "operations/{id}/reject");
        assertHttp("Audit", "GET", "audit");
    }

    @Test
    void actionRoutesArePostWithFunctionKeys() throws IOException {
        assertHttp("Reboot", "POST", "devices/{deviceId}/reboot");
        assertHttp("FactoryReset", "POST", "devices/{deviceId}/factory-reset");
        assertHttp("FirmwareUpdate", "POST", "devices/{deviceId}/firmware-update");
    }

    @Test
    void readRoutesAreGetWithFunctionKeys() throws IOException {
        assertHttp("DeviceStatus", "GET", "devices/{deviceId}/status");
        assertHttp("Device", "GET", "devices/{deviceId}");
        assertHttp("Progress", "GET", "progress");
    }

    @Test
    void fleetOperationRoutesHaveTheirMethods() throws IOException {
        assertHttp("CreateOperation", "POST", "operations");
        assertHttp("ListOperations", "GET", "operations");
        assertHttp("GetOperation", "GET", "operations/{id}");
        assertHttp("OperationDevices", "GET", "operations/{id}/devices");
        assertHttp("CancelOperation", "POST", "operations/{id}/cancel");
        assertHttp("PauseOperation", "POST", "operations/{id}/pause");
        assertHttp("ResumeOperation", "POST", "operations/{id}/resume");
        assertHttp("RetryFailedOperation", "POST", "operations/{id}/retry-failed");
        assertHttp("CancelOperationDevice", "POST", "operations/{id}/devices/{deviceId}/cancel");
        assertEquals(
                "%ROLLOUT_SCHEDULE%", trigger("RolloutTimer").get("schedule").getAsString());
    }

    @Test
    void theOpenApiDescriptionIsAnonymous() throws IOException {
        JsonObject t = trigger("OpenApi");
        assertEquals("httpTrigger", t.get("type").getAsString());
        assertEquals("openapi.json", t.get("route").getAsString());
        assertEquals("GET", t.getAsJsonArray("methods").get(0).getAsString());
        assertEquals(
                "ANONYMOUS",
                t.get("authLevel").getAsString(),
                "the description holds no data; tools read it before they have a key");
    }

    @Test
    void timerScheduleComesFromASetting() throws IOException {
        JsonObject t = trigger("ProgressTimer");
        assertEquals("timerTrigger", t.get("type").getAsString());
        assertEquals("%PROGRESS_SCHEDULE%", t.get("schedule").getAsString());
    }

    @Test
    void theHostJsonAndTheInjectorShipWithTheApp() throws IOException {
        JsonObject host = JsonParser.parseString(Files.readString(STAGING.resolve("host.json")))
                .getAsJsonObject();
        assertEquals(
                "[4.*, 5.0.0)",
                host.getAsJsonObject("extensionBundle").get("version").getAsString());
        try (Stream<Path> jars = Files.list(STAGING)) {
            assertTrue(
                    jars.anyMatch(p -> p.getFileName().toString().startsWith("fleetops-functions")), "app jar staged");
        }
    }
}
