package dev.fleetops.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.fleetops.device.runtime.DeviceRuntime;
import dev.fleetops.device.transport.TlsContexts;
import dev.fleetops.functions.http.RolloutCommandFunctions;
import dev.fleetops.functions.http.RolloutDevicesFunctions;
import dev.fleetops.functions.http.RolloutFunctions;
import dev.fleetops.functions.support.TestContext;
import dev.fleetops.functions.timer.RolloutTimerFunction;
import dev.fleetops.functions.wiring.FleetOpsInjector;
import dev.fleetops.localhub.LocalHub;
import dev.fleetops.testkit.Packages;
import dev.fleetops.testkit.Waits;
import dev.fleetops.testkit.http.TestHttpRequest;
import dev.fleetops.testkit.http.TestHttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet operations end to end: the operations API and the rollout timer (real entry points), Table
 * storage in Azurite, the local hub, and FleetOps device apps. The timer is fired by the test, as the
 * Functions host would on its schedule.
 */
class FleetOperationIT {
    private static final int DEVICES = 20;
    /** Keys are unique per run: the store may outlive a run (Azurite keeps its data). */
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path dir;

    @AutoClose
    static LocalDevices fleet;

    static RolloutFunctions operations;
    static RolloutDevicesFunctions deviceResults;
    static RolloutCommandFunctions commands;
    static RolloutTimerFunction timer;

    @BeforeAll
    static void start() throws Exception {
        fleet = LocalDevices.start(dir, "fleet-", DEVICES, DEVICES, DeviceRuntime.Extras.NONE);
        for (int i = 1; i <= DEVICES; i++) {
            fleet.hub
                    .hub()
                    .updateTwin(
                            LocalHub.deviceId("fleet-", i),
                            com.google.gson.JsonParser.parseString("{\"ring\":\"" + (i <= 10 ? "a" : "b") + "\"}")
                                    .getAsJsonObject(),
                            null,
                            null,
                            false);
        }
        FleetOpsInjector injector = Backend.on(fleet.hub, Map.of("METHOD_RESPONSE_TIMEOUT_SECONDS", "10"));
        operations = injector.getInstance(RolloutFunctions.class);
        deviceResults = injector.getInstance(RolloutDevicesFunctions.class);
        commands = injector.getInstance(RolloutCommandFunctions.class);
        timer = injector.getInstance(RolloutTimerFunction.class);
        fleet.awaitConnected();
    }

    @Test
    void aCanaryWithABadPackageAbortsBeforeTheFleetIsTouched() throws Exception {
        byte[] image = Packages.randomBytes(8 * 1024);
        String body = firmware(
                "5.0.0",
                fleet.packages.publish("/fw/5.bin", image),
                "0".repeat(64),
                "{\"filter\":{\"tags\":{\"ring\":\"a\"}}}",
                "\"rollout\":{\"waves\":[20,100],\"successThresholdPercent\":100},"
                        + "\"abort\":[{\"failureType\":\"ALL\",\"minFinished\":2,\"thresholdPercent\":50}],");
        String id = create(body, "canary-abort-" + RUN);
        JsonObject done = tickUntil(id, s -> s.equals("aborted"));
        assertTrue(done.get("reason").getAsString().contains("abort threshold"), done.toString());
        assertEquals(2, done.getAsJsonObject("counts").get("failed").getAsInt(), done.toString());
        assertEquals(8, done.getAsJsonObject("counts").get("canceled").getAsInt(), done.toString());
        JsonArray failed = devices(id, "failed");
        assertEquals(
                "sha256Mismatch",
                failed.get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("error")
                        .get("code")
                        .getAsString());
    }

    @Test
    void aRolloutCompletesWaveByWaveAndIsIdempotentPerKey() throws Exception {
        byte[] image = Packages.randomBytes(16 * 1024);
        String body = firmware(
                "6.0.0",
                fleet.packages.publish("/fw/6.bin", image),
                Packages.sha256(image),
                "{\"filter\":{\"tags\":{\"ring\":\"b\"}}}",
                "\"rollout\":{\"waves\":[10,50,100],\"successThresholdPercent\":100},");
        String key = "rollout-b-" + RUN;
        String id = create(body, key);
        assertEquals(id, create(body, key), "same key, same body: same operation");
        TestHttpResponse conflict = TestHttpResponse.of(operations.create(
                TestHttpRequest.post("/api/operations", body.replace("6.0.0", "6.0.1"))
                        .withHeader("Idempotency-Key", key),
                new TestContext("CreateOperation")));
        assertEquals(409, conflict.code());
        JsonObject done = tickUntil(id, s -> s.equals("completed") || s.equals("aborted") || s.equals("paused"));
        assertEquals("completed", done.get("state").getAsString(), done.toString());
        assertEquals(10, done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        JsonArray waves = done.getAsJsonArray("waves");
        assertEquals(3, waves.size());
        for (DeviceRuntime d : fleet.devices.subList(10, 20)) {
            assertEquals("6.0.0", d.agent().state().firmwareVersion(), d.deviceId());
        }
        assertEquals("1.0.0", fleet.devices.get(0).agent().state().firmwareVersion(), "ring a untouched");
    }

    @Test
    void aPausedOperationDispatchesNothingUntilResumed() throws Exception {
        String id = create(
                "{\"action\":\"reboot\",\"target\":{\"deviceIds\":[\"fleet-001\",\"fleet-002\",\"fleet-003\"]},"
                        + "\"rollout\":{\"maxPerMinute\":1}}",
                null);
        TestHttpResponse paused = TestHttpResponse.of(
                commands.pauseOperation(TestHttpRequest.post("/x", null), id, new TestContext("Pause")));
        assertEquals(200, paused.code(), String.valueOf(paused.getBody()));
        timer.run("{}", new TestContext("RolloutTimer"));
        JsonObject afterTick = get(id);
        assertEquals("paused", afterTick.get("state").getAsString());
        assertEquals(3, afterTick.getAsJsonObject("counts").get("queued").getAsInt());
        TestHttpResponse again = TestHttpResponse.of(
                commands.pauseOperation(TestHttpRequest.post("/x", null), id, new TestContext("Pause")));
        assertEquals(409, again.code());
        TestHttpResponse resumed = TestHttpResponse.of(
                commands.resumeOperation(TestHttpRequest.post("/x", null), id, new TestContext("Resume")));
        assertEquals(200, resumed.code());
        timer.run("{}", new TestContext("RolloutTimer"));
        assertEquals(
                2,
                get(id).getAsJsonObject("counts").get("queued").getAsInt(),
                "the 1-per-minute rate lets exactly one device go");
        TestHttpResponse cancel = TestHttpResponse.of(
                commands.cancelOperation(TestHttpRequest.post("/x", null), id, new TestContext("Cancel")));
        assertEquals(200, cancel.code());
        assertEquals("canceled", get(id).get("state").getAsString());
    }

    @Test
    void aDeviceOfflineWhenItsTurnComesConvergesFromItsDesiredGoalWhenItReturns() throws Exception {
        fleet.hub.hub().addDevice("fleet-late", null, null, true);
        byte[] image = Packages.randomBytes(8 * 1024);
        String body = firmware(
                "7.0.0",
                fleet.packages.publish("/fw/7.bin", image),
                Packages.sha256(image),
                "{\"deviceIds\":[\"fleet-late\"]}",
                "");
        String id = create(body, null);
        timer.run("{}", new TestContext("RolloutTimer"));
        JsonObject afterFirstTick = get(id);
        assertEquals(1, afterFirstTick.getAsJsonObject("counts").get("queued").getAsInt(), afterFirstTick.toString());
        JsonObject goal = fleet.hub
                .hub()
                .twin("fleet-late")
                .getAsJsonObject("properties")
                .getAsJsonObject("desired")
                .getAsJsonObject("firmware");
        assertEquals(id + ".a1", goal.get("operationId").getAsString(), "the firmware goal waits in the twin");
        DeviceRuntime late = DeviceRuntime.start(
                new DeviceRuntime.Settings(
                        fleet.hub.deviceConnectionString("fleet-late"),
                        dir.resolve("fleet-late"),
                        TlsContexts.trustingDefaultsPlus(fleet.hub.caFile()),
                        Duration.ofSeconds(1),
                        "1.0.0"),
                w -> {});
        fleet.devices.add(late);
        JsonObject done = tickUntil(id, s -> s.equals("completed"));
        assertEquals(1, done.getAsJsonObject("counts").get("succeeded").getAsInt(), done.toString());
        assertEquals("7.0.0", late.agent().state().firmwareVersion());
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String firmware(String version, String url, String sha, String target, String rollout) {
        return "{\"action\":\"firmwareUpdate\",\"firmware\":{\"version\":\"" + version + "\",\"packageUri\":\"" + url
                + "\",\"sha256\":\"" + sha + "\"},\"target\":" + target + "," + rollout + "\"deviceTimeoutMinutes\":5}";
    }

    private static String create(String body, String key) {
        var req = TestHttpRequest.post("/api/operations", body);
        if (key != null) {
            req = req.withHeader("Idempotency-Key", key);
        }
        TestHttpResponse r = TestHttpResponse.of(operations.create(req, new TestContext("CreateOperation")));
        assertEquals(202, r.code(), String.valueOf(r.getBody()));
        return r.json().get("id").getAsString();
    }

    private static JsonObject get(String id) {
        TestHttpResponse r = TestHttpResponse.of(
                operations.get(TestHttpRequest.get("/api/operations/" + id), id, new TestContext("Get")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        return r.json();
    }

    private static JsonArray devices(String id, String state) {
        TestHttpResponse r = TestHttpResponse.of(deviceResults.devices(
                TestHttpRequest.get("/x").withQuery("state", state), id, new TestContext("OperationDevices")));
        assertEquals(200, r.code(), String.valueOf(r.getBody()));
        return r.json().getAsJsonArray("devices");
    }

    /** Fires the rollout timer every half second, as the host would, until the operation's state matches. */
    private static JsonObject tickUntil(String id, java.util.function.Predicate<String> done) {
        return Waits.until(
                Waits.upTo(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)),
                () -> {
                    timer.run("{}", new TestContext("RolloutTimer"));
                    return get(id);
                },
                last -> done.test(last.get("state").getAsString()),
                last -> "operation " + id + " did not settle: " + last);
    }
}
