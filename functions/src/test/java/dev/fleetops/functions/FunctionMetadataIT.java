package dev.fleetops.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.core.identity.AccessRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /**
     * The generated functions are exactly those of the route policy table, the one list of the app's functions
     * (core AccessPolicyTest pins its names; AccessRulesCoverageTest matches it with the annotations).
     */
    @Test
    void everyFunctionIsGeneratedAndNothingElse() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(STAGING)) {
            dirs.filter(d -> Files.exists(d.resolve("function.json")))
                    .forEach(d -> names.add(d.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(AccessRules.BY_FUNCTION.keySet()), new TreeSet<>(names));
    }

    /** Every HTTP function but the anonymous OpenApi: its one method and route, and a function key. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // Actions on one device.
        "Reboot,                POST, devices/{deviceId}/reboot",
        "FactoryReset,          POST, devices/{deviceId}/factory-reset",
        "FirmwareUpdate,        POST, devices/{deviceId}/firmware-update",
        // Reads.
        "DeviceStatus,          GET,  devices/{deviceId}/status",
        "Device,                GET,  devices/{deviceId}",
        "Progress,              GET,  progress",
        "DeviceInventory,       GET,  devices",
        "DeviceSummary,         GET,  devices/summary",
        // Fleet operations.
        "CreateOperation,       POST, operations",
        "ListOperations,        GET,  operations",
        "GetOperation,          GET,  operations/{id}",
        "OperationDevices,      GET,  operations/{id}/devices",
        "CancelOperation,       POST, operations/{id}/cancel",
        "PauseOperation,        POST, operations/{id}/pause",
        "AdvanceOperation,      POST, operations/{id}/advance",
        "ResumeOperation,       POST, operations/{id}/resume",
        "RetryFailedOperation,  POST, operations/{id}/retry-failed",
        "CancelOperationDevice, POST, operations/{id}/devices/{deviceId}/cancel",
        // Approval and audit.
        "ApproveOperation,      POST, operations/{id}/approve",
        "RejectOperation,       POST, operations/{id}/reject",
        "Audit,                 GET,  audit",
    })
    void httpRoutesHaveTheirMethodAndAFunctionKey(String function, String method, String route) throws IOException {
        assertHttp(function, method, route);
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
    void timerSchedulesComeFromSettings() throws IOException {
        JsonObject t = trigger("ProgressTimer");
        assertEquals("timerTrigger", t.get("type").getAsString());
        assertEquals("%PROGRESS_SCHEDULE%", t.get("schedule").getAsString());
        assertEquals(
                "%ROLLOUT_SCHEDULE%", trigger("RolloutTimer").get("schedule").getAsString());
    }

    @Test
    void theDispatchWorkerTakesItsQueueFromASettingUnderTheHostsStorage() throws IOException {
        JsonObject queues = JsonParser.parseString(Files.readString(STAGING.resolve("host.json")))
                .getAsJsonObject()
                .getAsJsonObject("extensions")
                .getAsJsonObject("queues");
        assertEquals(
                dev.fleetops.core.rollout.service.QueueDispatcher.MESSAGES_PER_INSTANCE,
                queues.get("batchSize").getAsInt()
                        + queues.get("newBatchThreshold").getAsInt(),
                "a tick sizes its messages by how many one instance holds");
        JsonObject t = trigger("DispatchWorker");
        assertEquals("queueTrigger", t.get("type").getAsString());
        assertEquals("%ROLLOUT_DISPATCH_QUEUE%", t.get("queueName").getAsString());
        assertEquals("AzureWebJobsStorage", t.get("connection").getAsString());
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
