package dev.fleetops.functions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.core.device.DeviceActionService;
import dev.fleetops.core.hub.HubFailure;
import dev.fleetops.core.hub.MethodAnswer;
import dev.fleetops.core.hub.MethodCallResult;
import dev.fleetops.functions.settings.SettingsException;
import dev.fleetops.functions.support.TestAccess;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.standins.http.WorkerHttpRequest;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceActionFunctionsTest {
    private static final String FW_BODY =
            "{\"version\":\"2.0.0\",\"packageUri\":\"https://cdn.example.com/fw.bin\",\"sha256\":\"" + "0".repeat(64)
                    + "\",\"sizeBytes\":1000}";

    private final List<String> invoked = new ArrayList<>();
    private MethodCallResult answer =
            new MethodAnswer(202, StrictJson.GSON.toJsonTree(MethodAck.accepted("x", "accepted")));
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private final DeviceActionFunctions functions = new DeviceActionFunctions(
            () -> new DeviceActionService(
                    (String deviceId, String method, JsonElement payload) -> {
                        invoked.add(deviceId + " " + method + " " + payload);
                        return answer;
                    },
                    Clock.fixed(NOW, ZoneOffset.UTC)),
            TestAccess.admin());
    private final TestContext context = new TestContext("Reboot");

    private TestHttpResponse reboot(WorkerHttpRequest<Optional<String>> req, String deviceId) {
        return TestHttpResponse.of(functions.reboot(req, deviceId, context));
    }

    /** The functions with a service that cannot be built: {@code failure} is thrown where the service is asked for. */
    private static DeviceActionFunctions failingWith(RuntimeException failure) {
        return new DeviceActionFunctions(
                () -> {
                    throw failure;
                },
                TestAccess.admin());
    }

    @Test
    void acceptedRebootAnswers202WithOperationIdAndLocation() {
        TestHttpResponse r = reboot(TestHttpRequest.post("/api/devices/dev-1/reboot", null), "dev-1");
        assertEquals(202, r.code());
        JsonObject body = r.json();
        String op = body.get("operationId").getAsString();
        assertEquals(
                "/api/devices/dev-1/status?action=reboot&acceptedAt=2026-06-01T10:00:00.000Z&operationId=" + op,
                r.getHeader("Location"));
        assertEquals(r.getHeader("Location"), body.get("statusUrl").getAsString());
        assertEquals("reboot", body.get("action").getAsString());
        assertEquals("accepted", body.get("result").getAsString());
        assertTrue(invoked.get(0).startsWith("dev-1 reboot {\"operationId\":\"" + op + "\""), invoked.toString());
    }

    @Test
    void firmwareUpdateForwardsTheValidatedRequest() {
        TestHttpResponse r = TestHttpResponse.of(functions.firmwareUpdate(
                TestHttpRequest.post("/api/devices/dev-1/firmware-update", FW_BODY), "dev-1", context));
        assertEquals(202, r.code());
        assertTrue(invoked.get(0).contains("\"packageUri\":\"https://cdn.example.com/fw.bin\""), invoked.toString());
    }

    @Test
    void firmwareUpdateWithoutBodyIs400NamingTheBody() {
        TestHttpResponse r = TestHttpResponse.of(functions.firmwareUpdate(
                TestHttpRequest.post("/api/devices/dev-1/firmware-update", null), "dev-1", context));
        assertProblem(r, 400, "invalid-request");
        assertEquals("body", r.firstErrorField());
    }

    @Test
    void httpPackageUriIs400NamingTheField() {
        TestHttpResponse r = TestHttpResponse.of(functions.firmwareUpdate(
                TestHttpRequest.post("/x", FW_BODY.replace("https://", "http://")), "dev-1", context));
        assertProblem(r, 400, "invalid-request");
        assertEquals("packageUri", r.firstErrorField());
        assertTrue(r.json().get("detail").getAsString().contains("packageUri must use https"));
        assertTrue(invoked.isEmpty());
    }

    @Test
    void malformedJsonIs400AndNeverAStackTrace() {
        TestHttpResponse r = reboot(TestHttpRequest.post("/x", "{\"delaySeconds\":5,,}"), "dev-1");
        assertProblem(r, 400, "invalid-request");
        assertFalse(((String) r.getBody()).contains("at com."), "no stack trace in body");
    }

    @Test
    void oversizedBodyIs413() {
        String huge = "{\"operationId\":\"" + "a".repeat(RequestBodies.MAX_BODY_BYTES) + "\"}";
        assertProblem(reboot(TestHttpRequest.post("/x", huge), "dev-1"), 413, "payload-too-large");
    }

    @Test
    void nonJsonContentTypeIs415() {
        var req = TestHttpRequest.post("/x", "{}").withHeader("content-type", "text/plain");
        assertProblem(reboot(req, "dev-1"), 415, "unsupported-media-type");
    }

    @Test
    void jsonContentTypeWithCharsetAndAnyHeaderCaseIsAccepted() {
        var req = TestHttpRequest.post("/x", "{}")
                .withHeaders(Map.of("Content-Type", "application/json; charset=utf-8", "x-functions-key", "test-key"));
        assertEquals(202, reboot(req, "dev-1").code());
    }

    @Test
    void invalidDeviceIdIs400() {
        assertProblem(reboot(TestHttpRequest.post("/x", null), "bad id"), 400, "invalid-request");
        assertTrue(invoked.isEmpty());
    }

    @Test
    void unknownDeviceIs404() {
        answer = new HubFailure(HubFailure.Kind.DEVICE_NOT_FOUND, 404, 404001, "not found", null);
        TestHttpResponse r = reboot(TestHttpRequest.post("/x", null), "dev-1");
        assertProblem(r, 404, "device-not-found");
        assertEquals(404001, r.json().get("hubErrorCode").getAsInt());
    }

    @Test
    void offlineDeviceIs409WithAClearCode() {
        answer = new HubFailure(HubFailure.Kind.DEVICE_OFFLINE, 404, 404103, "offline", null);
        TestHttpResponse r = reboot(TestHttpRequest.post("/x", null), "dev-1");
        assertProblem(r, 409, "device-offline");
        assertTrue(r.json().get("retryable").getAsBoolean());
    }

    @Test
    void deviceTimeoutIs504() {
        answer = new HubFailure(HubFailure.Kind.DEVICE_TIMEOUT, 504, 504101, "timeout", null);
        assertProblem(reboot(TestHttpRequest.post("/x", null), "dev-1"), 504, "device-timeout");
    }

    @Test
    void throttledHubIs503WithRetryAfter() {
        answer = new HubFailure(HubFailure.Kind.THROTTLED, 429, 429001, "throttled", Duration.ofSeconds(7));
        TestHttpResponse r = reboot(TestHttpRequest.post("/x", null), "dev-1");
        assertProblem(r, 503, "hub-throttled");
        assertEquals("7", r.getHeader("Retry-After"));
    }

    @Test
    void busyDeviceIs409WithItsMessageAndRunningOperation() {
        answer = new MethodAnswer(
                409,
                StrictJson.parse(
                        "{\"operationId\":\"n\",\"result\":\"rejected\",\"message\":\"busy with firmwareUpdate\",\"runningOperationId\":\"fw-1\"}"));
        TestHttpResponse r = reboot(TestHttpRequest.post("/x", null), "dev-1");
        assertProblem(r, 409, "device-busy");
        assertEquals("busy with firmwareUpdate", r.json().get("detail").getAsString());
        assertEquals("fw-1", r.json().get("runningOperationId").getAsString());
    }

    @Test
    void deviceBadRequestIs422() {
        answer =
                new MethodAnswer(400, StrictJson.parse("{\"result\":\"rejected\",\"message\":\"sha256 is required\"}"));
        assertProblem(reboot(TestHttpRequest.post("/x", null), "dev-1"), 422, "device-rejected-request");
    }

    @Test
    void missingSettingsGive500NamingTheSettingNotACrash() {
        DeviceActionFunctions misconfigured =
                failingWith(new SettingsException("set IOTHUB_CONNECTION_STRING or IOTHUB_HOSTNAME to reach IoT Hub"));
        TestHttpResponse r =
                TestHttpResponse.of(misconfigured.reboot(TestHttpRequest.post("/x", null), "dev-1", context));
        assertProblem(r, 500, "configuration-error");
        assertTrue(r.json().get("detail").getAsString().contains("IOTHUB_HOSTNAME"));
    }

    @Test
    void unexpectedErrorsAre500WithoutInternals() {
        DeviceActionFunctions broken = failingWith(new IllegalStateException("secret internal detail"));
        TestHttpResponse r = TestHttpResponse.of(broken.reboot(TestHttpRequest.post("/x", null), "dev-1", context));
        assertProblem(r, 500, "internal-error");
        assertFalse(((String) r.getBody()).contains("secret internal detail"));
        assertTrue(
                context.logText().contains("unexpected java.lang.IllegalStateException in Reboot (invocation inv-1)"),
                context.logText());
    }

    static void assertProblem(TestHttpResponse r, int status, String code) {
        assertEquals(status, r.code(), () -> String.valueOf(r.getBody()));
        assertEquals("application/problem+json", r.getHeader("Content-Type"));
        JsonObject body = r.json();
        assertEquals(status, body.get("status").getAsInt());
        assertEquals(code, body.get("code").getAsString());
        assertEquals("urn:fleetops:problem:" + code, body.get("type").getAsString());
        assertTrue(body.has("title"));
    }
}
