package dev.fleetops.functions.http;

import static dev.fleetops.functions.http.DeviceActionFunctionsTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.hub.DeviceTwin;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.TwinLookup;
import dev.fleetops.core.status.DeviceStatusService;
import dev.fleetops.functions.support.TestAccess;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceStatusFunctionsTest {
    private TwinLookup twin = new DeviceTwin(
            "dev-1",
            "Connected",
            null,
            StrictJson.parseObject(
                    "{\"iothubDM\":{\"firmwareVersion\":\"1.0.0\",\"reboot\":{\"status\":\"rebooting\",\"operationId\":\"op-1\"}}}"));
    private final DeviceStatusFunctions functions =
            new DeviceStatusFunctions(() -> new DeviceStatusService(id -> twin), TestAccess.admin());
    private final TestContext context = new TestContext("DeviceStatus");

    @Test
    void statusReportsTheTwinStateAndTheAskedOperation() {
        TestHttpResponse r = TestHttpResponse.of(functions.status(
                TestHttpRequest.get("/api/devices/dev-1/status").withQuery("operationId", "op-1"), "dev-1", context));
        assertEquals(200, r.code());
        JsonObject body = r.json();
        assertEquals("1.0.0", body.get("firmwareVersion").getAsString());
        assertEquals(
                "rebooting", body.getAsJsonObject("operation").get("status").getAsString());
        assertEquals("reboot", body.getAsJsonObject("operation").get("action").getAsString());
        assertEquals("no-store", r.getHeader("Cache-Control"));
    }

    @Test
    void eachReportedSectionKeepsItsNameAndShapeAndAbsentOnesAreLeftOut() {
        twin = new DeviceTwin("dev-1", "Connected", "2026-01-01T00:00:00Z", StrictJson.parseObject("""
                {"iothubDM":{"firmwareVersion":"2.0.0",
                  "reboot":{"status":"completed","operationId":"r1","lastReboot":"t","bootCount":4,"startedAt":"s","updatedAt":"u"},
                  "firmwareUpdate":{"status":"current","operationId":"f1","version":"2.0.0"}}}"""));
        JsonObject body = TestHttpResponse.of(
                        functions.device(TestHttpRequest.get("/api/devices/dev-1"), "dev-1", context))
                .json();
        assertEquals(
                List.of(
                        "deviceId",
                        "connectionState",
                        "lastActivityTime",
                        "firmwareVersion",
                        "reboot",
                        "firmwareUpdate"),
                List.copyOf(body.keySet()));
        assertEquals(
                StrictJson.parseObject(
                        "{\"status\":\"completed\",\"operationId\":\"r1\",\"lastReboot\":\"t\",\"bootCount\":4,\"startedAt\":\"s\",\"updatedAt\":\"u\"}"),
                body.getAsJsonObject("reboot"));
        assertEquals(
                "current", body.getAsJsonObject("firmwareUpdate").get("status").getAsString());
    }

    @Test
    void bothRoutesAnswerTheSame() {
        TestHttpResponse a = TestHttpResponse.of(functions.status(TestHttpRequest.get("/a"), "dev-1", context));
        TestHttpResponse b = TestHttpResponse.of(functions.device(TestHttpRequest.get("/b"), "dev-1", context));
        assertEquals(a.getBody(), b.getBody());
    }

    @Test
    void unknownDeviceIs404() {
        twin = new HubFailure(HubFailure.Kind.DEVICE_NOT_FOUND, 404, 404001, "no", null);
        assertProblem(
                TestHttpResponse.of(functions.device(TestHttpRequest.get("/x"), "dev-9", context)),
                404,
                "device-not-found");
    }

    @Test
    void theStatusUrlOfAnOperationANewerOneReplacedSaysSupersededAndNamesIt() {
        twin = new DeviceTwin("dev-1", "Connected", null, StrictJson.parseObject("""
                {"iothubDM":{"reboot":{"status":"completed","operationId":"r2","startedAt":"2026-01-01T00:05:00.000Z"}}}"""));
        JsonObject op = TestHttpResponse.of(functions.status(
                        TestHttpRequest.get("/api/devices/dev-1/status")
                                .withQuery("action", "reboot")
                                .withQuery("acceptedAt", "2026-01-01T00:00:00.000Z")
                                .withQuery("operationId", "r1"),
                        "dev-1",
                        context))
                .json()
                .getAsJsonObject("operation");
        assertEquals("superseded", op.get("status").getAsString());
        assertEquals("r2", op.get("supersededBy").getAsString());
        assertTrue(op.get("terminal").getAsBoolean());
    }

    @Test
    void anUnknownActionInTheStatusUrlIs400NamingIt() {
        TestHttpResponse r = TestHttpResponse.of(functions.status(
                TestHttpRequest.get("/x").withQuery("operationId", "r1").withQuery("action", "selfDestruct"),
                "dev-1",
                context));
        assertProblem(r, 400, "invalid-request");
        assertEquals("action", r.firstErrorField());
    }

    @Test
    void badOperationIdIs400() {
        assertProblem(
                TestHttpResponse.of(functions.status(
                        TestHttpRequest.get("/x").withQuery("operationId", "' OR '1'='1"), "dev-1", context)),
                400,
                "invalid-request");
    }
}
