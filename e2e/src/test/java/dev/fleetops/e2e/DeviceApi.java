package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.functions.http.DeviceActionFunctions;
import dev.fleetops.functions.http.DeviceStatusFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The single-device API used as a portal uses it (start an action, poll its status), through the
 * functions' entry points with real request objects. Shared by the single-device end-to-end tests.
 */
final class DeviceApi {
    private final LocalHub hub;
    private final DeviceActionFunctions actions;
    private final DeviceStatusFunctions status;
    private final Duration wait;

    DeviceApi(LocalHub hub, DeviceActionFunctions actions, DeviceStatusFunctions status, Duration wait) {
        this.hub = hub;
        this.actions = actions;
        this.status = status;
        this.wait = wait;
    }

    /** The API of the app {@code injector} wires. */
    static DeviceApi of(LocalHub hub, FleetOpsInjector injector, Duration wait) throws Exception {
        return new DeviceApi(
                hub,
                injector.getInstance(DeviceActionFunctions.class),
                injector.getInstance(DeviceStatusFunctions.class),
                wait);
    }

    /** The device actions' entry points, for tests that call them with requests of their own. */
    DeviceActionFunctions actions() {
        return actions;
    }

    /** Starts a firmware update and returns its operation id; {@code extraFields} is appended to the body (",\"k\":v"). */
    String startFirmware(String deviceId, String version, String url, String sha, Integer size, String extraFields) {
        String body = "{\"version\":\"" + version + "\",\"packageUri\":\"" + url + "\",\"sha256\":\"" + sha + "\""
                + (size == null ? "" : ",\"sizeBytes\":" + size) + extraFields + "}";
        TestHttpResponse r = firmwareUpdate(deviceId, body);
        assertEquals(202, r.code(), String.valueOf(r.getBody()));
        return r.json().get("operationId").getAsString();
    }

    String startFirmware(String deviceId, String version, String url, String sha, Integer size) {
        return startFirmware(deviceId, version, url, sha, size, "");
    }

    /** The raw answer to a firmware-update request, for tests of refusals. */
    TestHttpResponse firmwareUpdate(String deviceId, String body) {
        return TestHttpResponse.of(
                actions.firmwareUpdate(TestHttpRequest.post("/x", body), deviceId, new TestContext("FirmwareUpdate")));
    }

    /** {@code GET /api/devices/{id}/status[?operationId=]}, asserting 200. */
    JsonObject status(String deviceId, String operationId) {
        var req = TestHttpRequest.get("/api/devices/" + deviceId + "/status");
        if (operationId != null) {
            req = req.withQuery("operationId", operationId);
        }
        TestHttpResponse r = TestHttpResponse.of(status.status(req, deviceId, new TestContext("DeviceStatus")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        return r.json();
    }

    /** Polls the status endpoint, as a portal would, until the operation's status matches. */
    JsonObject awaitOperation(String deviceId, String op, Predicate<String> done) {
        return Waits.until(
                Waits.upTo(wait).pollInterval(Duration.ofMillis(50)),
                () -> status(deviceId, op),
                last -> done.test(
                        last.getAsJsonObject("operation").get("status").getAsString()),
                last -> "operation " + op + " on " + deviceId + " did not reach the expected status; last: " + last);
    }

    /** {@link #awaitConnected(String)} for each device, in order. */
    void awaitConnected(List<DeviceRuntime> devices) {
        for (DeviceRuntime d : devices) {
            awaitConnected(d.deviceId());
        }
    }

    /** Waits until the device is connected and has reported its firmware version once. */
    void awaitConnected(String deviceId) {
        Waits.upTo(wait, deviceId + " connected")
                .pollInterval(Duration.ofMillis(50))
                .until(() -> hub.hub().isConnected(deviceId)
                        && status(deviceId, null).has("firmwareVersion"));
    }
}
