package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.fleetops.contract.MethodAck;
import dev.fleetops.contract.MethodStatus;
import dev.fleetops.contract.StrictJson;
import dev.fleetops.device.action.UpdateSettings;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.transport.MethodResult;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.testkit.Waits;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device timeline over real HTTP (docs/api.md, "Device timeline"): the packaged app in the local runner (ticking
 * rollouts every 2 s), the local hub, device agents and Azurite. {@code timeline-001} answers its first direct method
 * with a 500, as a device whose handler crashed would, and takes the retry; its timeline shows both attempts with the
 * error code between them, newest first and the same through every page size. A reboot started through the API is on
 * the other device's timeline with the caller the audit names. The hub's devices are this suite's own.
 */
class DeviceTimelineIT {
    private static final String KEY = "timeline-e2e-key";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String FLAKY = LocalHub.deviceId("timeline-", 1);
    private static final String STEADY = LocalHub.deviceId("timeline-", 2);

    @TempDir
    static Path dir;

    static LocalHub hub;
    static final List<DeviceRuntime> devices = new ArrayList<>();
    static final AtomicBoolean failedOnce = new AtomicBoolean();
    static RunnerProcess runner;

    @BeforeAll
    static void start() throws Exception {
        hub = LocalHub.builder()
                .stateDir(dir.resolve("hub"))
                .httpsPort(0)
                .devices(2)
                .devicePrefix("timeline-")
                .start();
        for (String id : List.of(FLAKY, STEADY)) {
            UpdateSettings updates = UpdateSettings.defaults();
            if (id.equals(FLAKY)) {
                // The real agent, with its first direct method answered 500 (the same hook as the simulator's
                // "reject" profile, once): the rollout counts the attempt and retries it.
                updates = updates.withGate(name -> failedOnce.compareAndSet(false, true)
                        ? new MethodResult(
                                MethodStatus.DEVICE_ERROR,
                                StrictJson.GSON.toJsonTree(MethodAck.rejected(null, "handler crashed (simulated)")))
                        : null);
            }
            devices.add(DeviceRuntime.start(
                    new DeviceRuntime.Settings(
                            hub.deviceConnectionString(id),
                            dir.resolve(id),
                            TlsContexts.trustingDefaultsPlus(hub.caFile()),
                            Duration.ofSeconds(1),
                            "1.0.0"),
                    w -> {},
                    new DeviceRuntime.Extras(null, updates)));
        }
        runner = RunnerProcess.start(
                dir,
                hub,
                Map.of(
                        "METHOD_RESPONSE_TIMEOUT_SECONDS", "10",
                        "PROGRESS_SCHEDULE", "0 0 0 1 1 *",
                        "ROLLOUT_SCHEDULE", "*/2 * * * * *"),
                null,
                KEY,
                "timeline-runner.log");
        assertTrue(
                Waits.holdsWithin(
                        WAIT, () -> devices.stream().allMatch(d -> hub.hub().isConnected(d.deviceId()))),
                "devices connected");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (runner != null) {
            runner.close();
        }
        devices.forEach(DeviceRuntime::close);
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aRetriedDeviceShowsBothAttemptsAndACommandShowsItsCaller() throws Exception {
        HttpResponse<String> created = runner.send(
                "POST",
                "/api/operations",
                null,
                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"" + FLAKY + "\",\"" + STEADY + "\"]},"
                        + "\"retry\":{\"maxRetries\":2,\"backoffSeconds\":1}}",
                Map.of());
        assertEquals(202, created.statusCode(), created.body());
        String op = json(created).get("id").getAsString();
        assertTrue(
                Waits.holdsWithin(
                        WAIT,
                        () -> "completed"
                                .equals(json(runner.send("GET", "/api/operations/" + op, null, null, Map.of()))
                                        .get("state")
                                        .getAsString())),
                "the operation completes" + runner.tail());
        assertTrue(failedOnce.get(), "the device refused the first attempt");

        List<JsonObject> flaky = timeline(FLAKY, 200);
        List<String> lines = flaky.stream()
                .filter(e -> e.get("operationId").getAsString().equals(op))
                .map(e -> e.get("state").getAsString() + " a" + e.get("attempt").getAsInt()
                        + (e.has("error")
                                ? " " + e.getAsJsonObject("error").get("code").getAsString()
                                : ""))
                .toList();
        assertEquals("succeeded a2", lines.get(0), lines.toString());
        assertEquals("in_progress a1", lines.get(lines.size() - 1), "the first dispatch is the oldest: " + lines);
        int failure = lines.indexOf("queued a1 dispatchFailed");
        assertTrue(failure > 0, "the failed attempt with its code: " + lines);
        assertTrue(lines.subList(1, failure).contains("in_progress a2"), "the retry after the failure: " + lines);
        flaky.forEach(e -> {
            assertEquals("rollout", e.get("kind").getAsString());
            assertEquals("reboot", e.get("action").getAsString());
        });
        // Newest first, to the microsecond.
        for (int i = 1; i < flaky.size(); i++) {
            assertTrue(
                    flaky.get(i - 1)
                                    .get("at")
                                    .getAsString()
                                    .compareTo(flaky.get(i).get("at").getAsString())
                            >= 0,
                    "newest first: " + flaky);
        }
        assertEquals(flaky, timeline(FLAKY, 2), "pages of two hold the same entries in the same order");

        // A single-device action through the API, under the function key's principal.
        HttpResponse<String> reboot = runner.send("POST", "/api/devices/" + STEADY + "/reboot", null, "{}", Map.of());
        assertEquals(202, reboot.statusCode(), reboot.body());
        String rebootId = json(reboot).get("operationId").getAsString();
        JsonObject command = timeline(STEADY, 50).get(0);
        assertEquals("command", command.get("kind").getAsString(), command.toString());
        assertEquals("Reboot", command.get("action").getAsString());
        assertEquals(rebootId, command.get("operationId").getAsString());
        assertEquals("succeeded", command.get("state").getAsString());
        assertEquals("automation", command.getAsJsonObject("actor").get("kind").getAsString(), command.toString());
        assertFalse(command.has("attempt"));
    }

    @Test
    void badParametersAreNamedAndAnUnknownDeviceIsNotFound() throws Exception {
        HttpResponse<String> size = get("/api/devices/" + STEADY + "/timeline?pageSize=0");
        assertEquals(400, size.statusCode(), size.body());
        assertTrue(size.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(
                "pageSize",
                json(size)
                        .getAsJsonArray("errors")
                        .get(0)
                        .getAsJsonObject()
                        .get("field")
                        .getAsString());
        HttpResponse<String> token = get("/api/devices/" + STEADY + "/timeline?continuationToken=nope");
        assertEquals(400, token.statusCode(), token.body());
        assertTrue(token.body().contains("\"continuationToken\""), token.body());
        HttpResponse<String> unknown = get("/api/devices/timeline-nobody/timeline");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("device-not-found", json(unknown).get("code").getAsString());
    }

    private static List<JsonObject> timeline(String device, int pageSize) throws Exception {
        List<JsonObject> out = new ArrayList<>();
        String token = null;
        do {
            HttpResponse<String> r = get("/api/devices/" + device + "/timeline?pageSize=" + pageSize
                    + (token == null ? "" : "&continuationToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
            assertEquals(200, r.statusCode(), r.body());
            JsonObject page = json(r);
            assertEquals(device, page.get("deviceId").getAsString());
            JsonArray entries = page.getAsJsonArray("entries");
            assertTrue(entries.size() <= pageSize);
            for (JsonElement e : entries) {
                out.add(e.getAsJsonObject());
            }
            token = page.has("continuationToken")
                    ? page.get("continuationToken").getAsString()
                    : null;
        } while (token != null);
        return out;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return runner.send("GET", path, null, null, Map.of());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }
}
